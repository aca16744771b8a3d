"""Spanish dates: '9 de junio de 2017' (short dates too: Spanish has no abbreviated form that reads
right without its 'de'); numbers '1.234,56', as directory.names.chf_number writes them."""

DATE_FORMAT = r"j \d\e F \d\e Y"
SHORT_DATE_FORMAT = r"j \d\e F \d\e Y"
DATETIME_FORMAT = r"j \d\e F \d\e Y, H:i"
SHORT_DATETIME_FORMAT = r"j \d\e F \d\e Y, H:i"
YEAR_MONTH_FORMAT = r"F \d\e Y"
MONTH_DAY_FORMAT = r"j \d\e F"
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
