from apipkg import sub
