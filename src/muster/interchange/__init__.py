"""Import and export: JSON (lossless), CSV and XLSX."""
