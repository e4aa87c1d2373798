"""Editors' review of an export: the QA report of every edition (qa: term checks, flagged
sentences, what blocks) and the side-by-side review page (page). The checks themselves run in
translate (translate.checks); the gate that acts on them is editions.gate."""
