"""Sangua (三挂): key construction projects run by the three hangings."""
