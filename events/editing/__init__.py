"""The editors' desk: the admin, its forms and views, the article importer and its suggestions."""
