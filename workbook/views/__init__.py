"""The ipywidgets views, one module per chapter, and the controls they share."""
