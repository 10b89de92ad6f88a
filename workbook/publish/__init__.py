"""Things made for outside the notebook: the offline site, slides, the summary page,
the group page, and starting JupyterLab or the app. Never imports ipywidgets."""
