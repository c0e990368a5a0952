"""File formats out: a checklist in, bytes out. Heavy writers are imported inside the functions,
so the app starts without them."""
