"""Finding people: faces with gender and age, bodies counted even when faces are hidden."""
