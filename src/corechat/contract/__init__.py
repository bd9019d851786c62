"""The packaged copy of ../shared/contract/openapi.yaml, served at GET /api/partner/v1/openapi.yaml."""
