"""Files in: spreadsheets (CSV, XLSX) and status reports (Markdown, text, Word) read into
validated rows and plan changes. Bytes in, checked values out; nothing here writes the database."""
