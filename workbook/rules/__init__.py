"""Rules: pure decisions over content and plain values (scoring and its bands, reasons and
stories, the pressure check). No storage, no HTML, no widgets."""
