import fx_realpkg
import fx_realpkg.nope
import fx_subfail_after
