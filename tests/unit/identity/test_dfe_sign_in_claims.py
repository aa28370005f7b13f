"""Reading DfE Sign-in's claims into a sign-in command, and the token its API expects."""

from __future__ import annotations

import json
import uuid

from joserfc import jwt
from joserfc.jwk import OctKey

from adapters.identity.dfe_sign_in import DfESignInConfig, api_token, command_from_claims

ORGANISATION = uuid.UUID("11111111-2222-3333-4444-555555555555")


def test_claims_become_a_command() -> None:
    command = command_from_claims(
        {
            "sub": "abc",
            "email": "sam@school.example",
            "given_name": "Sam",
            "family_name": "Tutor",
            "organisation": {"id": str(ORGANISATION), "urn": "100001", "name": "Oak Primary"},
        }
    )
    assert (command.user_id, command.email, command.first_name, command.last_name) == (
        "abc",
        "sam@school.example",
        "Sam",
        "Tutor",
    )
    assert (command.organisation_id, command.organisation_urn, command.organisation_name) == (
        ORGANISATION,
        100001,
        "Oak Primary",
    )


def test_an_organisation_sent_as_a_json_string_is_read() -> None:
    command = command_from_claims({"sub": "abc", "organisation": json.dumps({"id": str(ORGANISATION)})})
    assert command.organisation_id == ORGANISATION
    assert command.organisation_urn is None


def test_malformed_organisation_fields_are_ignored_not_fatal() -> None:
    command = command_from_claims({"sub": "abc", "organisation": {"id": "not-a-uuid", "urn": "12ab"}})
    assert (command.organisation_id, command.organisation_urn) == (None, None)
    assert command_from_claims({"sub": "abc", "organisation": "{oops"}).organisation_id is None


def test_the_api_token_is_hs256_from_the_client_to_dsi() -> None:
    config = DfESignInConfig(
        issuer="https://oidc.example",
        client_id="RegisterECTs",
        client_secret="s",
        redirect_uri="https://rect.example/auth/dfe-sign-in/callback",
        api_url="https://api.example",
        api_secret="api-secret-0123456789abcdef0123",
    )
    token = jwt.decode(api_token(config), OctKey.import_key(config.api_secret.encode()), algorithms=["HS256"])
    assert token.header["alg"] == "HS256"
    assert token.claims == {"iss": "RegisterECTs", "aud": "signin.education.gov.uk"}
