"""Drawing sample pages: layout in PDF points, then raster scans (with seals and degradation) or text-layer PDFs."""
