"""Optim Lab desktop GUI (PySide6 + pyqtgraph): thin views over the optim_lab engine."""
