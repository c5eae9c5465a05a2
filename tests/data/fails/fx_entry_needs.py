"""An entry whose dependency is not installed (fx_entry_dep_zz is nowhere):
python3 cannot import it, but the failure is caught by nothing, so impgraph
analyses it as if the dependency were installed: fx_entry_after counts."""
import fx_entry_dep_zz
import fx_entry_after
