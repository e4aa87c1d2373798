"""Editors' review of an export: the glossary QA table (qa) and the side-by-side review page (page)."""
