"""The declarations context's domain: declarations, their validation and payment states, and statements."""
