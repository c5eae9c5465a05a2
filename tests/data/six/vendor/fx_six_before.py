# loaded before fx_six_win fails
