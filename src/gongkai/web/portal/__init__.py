"""The screens: reports, cases, the annual report builder, the dashboard; people and access."""
