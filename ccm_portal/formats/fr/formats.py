"""French dates: '9 juin 2017', short '9 juin 2017' / '1 juil. 2017' (never Django's 'Jui');
numbers '1 234,56' with a narrow no-break space, as directory.names.chf_number writes them."""

DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j N Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATETIME_FORMAT = "j N Y, H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\u202f"
NUMBER_GROUPING = 3
