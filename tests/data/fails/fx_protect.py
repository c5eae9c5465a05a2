# Case 3: a protected import deeper down stops the failure.
import fx_guarded
