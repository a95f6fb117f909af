"""SMT-LIB 2 scripts as pot programs: read into scopes by Z3's own parser, decided with evidence."""
