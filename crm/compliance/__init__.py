"""Law 25 registers: confidentiality incidents, communications of personal information,
and the safeguards of partners outside Québec."""
