"""Print: posters, boards and booklets planned, laid out by the designer's rules, fitted and made as PDFs."""
