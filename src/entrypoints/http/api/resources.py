"""The API's response documents as msgspec structs: the ``{"data": …}`` envelope, ``id``/``type``/``attributes``
and attributes in the reference order. Litestar builds our OpenAPI document from these."""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec

from application.schools.api_read_models import DeliveryPartnerResource, PartnershipResource, SchoolResource

from .params import timestamp

Timestamp = Annotated[str, msgspec.Meta(extra_json_schema={"format": "date-time"})]
Uuid = Annotated[str, msgspec.Meta(extra_json_schema={"format": "uuid"})]


class DeliveryPartnerAttributes(msgspec.Struct):
    name: str
    cohort: list[str]
    created_at: Timestamp
    updated_at: Timestamp


class DeliveryPartner(msgspec.Struct):
    id: Uuid
    type: Literal["delivery-partner"]
    attributes: DeliveryPartnerAttributes


class DeliveryPartnerResponse(msgspec.Struct):
    data: DeliveryPartner


class DeliveryPartnersResponse(msgspec.Struct):
    data: list[DeliveryPartner]


def delivery_partner(resource: DeliveryPartnerResource) -> DeliveryPartner:
    return DeliveryPartner(
        id=str(resource.api_id),
        type="delivery-partner",
        attributes=DeliveryPartnerAttributes(
            name=resource.name,
            cohort=resource.cohort,
            created_at=timestamp(resource.created_at),
            updated_at=timestamp(resource.updated_at),
        ),
    )


class PartnershipAttributes(msgspec.Struct):
    cohort: str
    urn: str
    school_id: Uuid
    delivery_partner_id: Uuid
    delivery_partner_name: str
    induction_tutor_name: str | None
    induction_tutor_email: str | None
    participants_currently_training: int
    created_at: Timestamp
    updated_at: Timestamp


class Partnership(msgspec.Struct):
    id: Uuid
    type: Literal["partnership"]
    attributes: PartnershipAttributes


class PartnershipResponse(msgspec.Struct):
    data: Partnership


class PartnershipsResponse(msgspec.Struct):
    data: list[Partnership]


def partnership(resource: PartnershipResource) -> Partnership:
    return Partnership(
        id=str(resource.api_id),
        type="partnership",
        attributes=PartnershipAttributes(
            cohort=resource.cohort,
            urn=resource.urn,
            school_id=str(resource.school_id),
            delivery_partner_id=str(resource.delivery_partner_id),
            delivery_partner_name=resource.delivery_partner_name,
            induction_tutor_name=resource.induction_tutor_name,
            induction_tutor_email=resource.induction_tutor_email,
            participants_currently_training=resource.participants_currently_training,
            created_at=timestamp(resource.created_at),
            updated_at=timestamp(resource.updated_at),
        ),
    )


class SchoolAttributes(msgspec.Struct):
    name: str
    urn: str
    cohort: str
    in_partnership: bool
    induction_programme_choice: Literal["provider_led", "school_led", "not_yet_known"]
    expression_of_interest: bool
    induction_tutor_name: str | None
    induction_tutor_email: str | None
    created_at: Timestamp
    updated_at: Timestamp


class School(msgspec.Struct):
    id: Uuid
    type: Literal["school"]
    attributes: SchoolAttributes


class SchoolResponse(msgspec.Struct):
    data: School


class SchoolsResponse(msgspec.Struct):
    data: list[School]


def school(resource: SchoolResource) -> School:
    return School(
        id=str(resource.api_id),
        type="school",
        attributes=SchoolAttributes(
            name=resource.name,
            urn=resource.urn,
            cohort=resource.cohort,
            in_partnership=resource.in_partnership,
            induction_programme_choice=resource.induction_programme_choice,  # type: ignore[arg-type]
            expression_of_interest=resource.expression_of_interest,
            induction_tutor_name=resource.induction_tutor_name,
            induction_tutor_email=resource.induction_tutor_email,
            created_at=timestamp(resource.created_at),
            updated_at=timestamp(resource.updated_at),
        ),
    )


class ErrorObject(msgspec.Struct):
    title: str
    detail: str


class ErrorsResponse(msgspec.Struct):
    errors: list[ErrorObject]


class UnauthorisedResponse(msgspec.Struct):
    error: str
