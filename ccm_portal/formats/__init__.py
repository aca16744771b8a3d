"""The portal's date and number formats per language (settings.FORMAT_MODULE_PATH).

Templates name the format (`|date:"DATE_FORMAT"`, `"SHORT_DATE_FORMAT"`, `"DATETIME_FORMAT"`,
`"SHORT_DATETIME_FORMAT"`, `"YEAR_MONTH_FORMAT"`, `"MONTH_DAY_FORMAT"`) rather than spelling one, so
that a date reads as each language writes it:

    DATE_FORMAT        9 June 2017      9 juin 2017        9 de junio de 2017
    SHORT_DATE_FORMAT  9 Jun 2017       9 juin 2017        9 de junio de 2017
                       9 Sep 2017       9 sept. 2017       9 de septiembre de 2017

French and Spanish have no three-letter months that read right (Django's French "M" gives "Jui"
for both juin and juillet): the short French date uses the customary abbreviations ("N": juin,
juil., sept.), the Spanish one the full date with its "de". Numbers group their thousands as
directory.names.chf_number does. What a module leaves out comes from Django's own locale formats.
"""
