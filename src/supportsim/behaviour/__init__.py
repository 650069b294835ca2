"""How agents choose effort: learning what pays, or fixed effort."""
