"""Pure functions that read a page: visible text, structured data, contacts, clinic identity."""
