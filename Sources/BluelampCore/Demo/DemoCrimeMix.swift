/// What London's recorded crime looks like, for the demo: the Metropolitan Police's own counts.
///
/// Source: shared/data/london-datastore-mps/recorded-crime-borough.csv.gz (MPS recorded crime by
/// borough and Home Office offence group, London Datastore), summed over the twelve months
/// March 2024 – February 2025: 931,868 crimes. `offences` are the minor categories' totals with the
/// police.uk category each falls in; `boroughs` the boroughs' totals (crimes with borough "Unknown",
/// 10,788, are left out); `monthly` the share of each calendar month in the same data. Fraud reported
/// to Action Fraud (NFIB, 16) is left out: forces do not investigate it from these records.
enum DemoCrimeMix {
    /// (offence as the MPS names it, police.uk category, crimes in the twelve months)
    static let offences: [(String, CrimeCategory, Int)] = [
        ("Violence without injury", .violenceAndSexualOffences, 113_158),
        ("Other theft", .otherTheft, 108_796),
        ("Theft from the person", .theftFromThePerson, 101_759),
        ("Shoplifting", .shoplifting, 90_259),
        ("Violence with injury", .violenceAndSexualOffences, 64_653),
        ("Theft from a motor vehicle", .vehicleCrime, 54_681),
        ("Stalking and harassment", .violenceAndSexualOffences, 53_788),
        ("Criminal damage", .criminalDamageAndArson, 53_500),
        ("Public fear, alarm or distress", .publicOrder, 34_691),
        ("Theft or unauthorised taking of a motor vehicle", .vehicleCrime, 32_850),
        ("Robbery of personal property", .robbery, 26_973),
        ("Possession of drugs", .drugs, 26_514),
        ("Burglary – residential (home)", .burglary, 25_150),
        ("Burglary – business and community", .burglary, 18_112),
        ("Trafficking of drugs", .drugs, 17_200),
        ("Other sexual offences", .violenceAndSexualOffences, 16_810),
        ("Bicycle theft", .bicycleTheft, 15_597),
        ("Racially or religiously aggravated public fear, alarm or distress", .publicOrder, 13_313),
        ("Interfering with a motor vehicle", .vehicleCrime, 11_031),
        ("Miscellaneous crimes against society", .otherCrime, 10_971),
        ("Burglary – residential (unconnected building)", .burglary, 9_516),
        ("Rape", .violenceAndSexualOffences, 8_877),
        ("Other public order offences", .publicOrder, 7_476),
        ("Robbery of business property", .robbery, 7_297),
        ("Possession of weapons", .possessionOfWeapons, 5_440),
        ("Arson", .criminalDamageAndArson, 2_416),
        ("Aggravated vehicle taking", .vehicleCrime, 555),
        ("Death or serious injury by unlawful driving", .violenceAndSexualOffences, 150),
        ("Fraud and forgery", .otherCrime, 141),
        ("Homicide", .violenceAndSexualOffences, 106),
        ("Violent disorder", .publicOrder, 71),
    ]

    /// (borough, crimes in the twelve months, centre latitude, centre longitude, spread in degrees of
    /// latitude and longitude); centres and spreads from the boroughs' boundaries in
    /// shared/data/geography/london-boroughs-2022-gen20.geojson (mean of the outline, quarter of the extent).
    static let boroughs: [(String, Int, Double, Double, Double, Double)] = [
        ("Westminster", 90_444, 51.5159, -0.1671, 0.0137, 0.0262),
        ("Camden", 43_106, 51.5407, -0.1557, 0.0151, 0.0270),
        ("Newham", 41_014, 51.5297, 0.0328, 0.0164, 0.0295),
        ("Southwark", 40_030, 51.4790, -0.0705, 0.0220, 0.0198),
        ("Lambeth", 38_519, 51.4569, -0.1175, 0.0244, 0.0182),
        ("Tower Hamlets", 36_404, 51.5131, -0.0328, 0.0146, 0.0221),
        ("Croydon", 35_421, 51.3569, -0.0923, 0.0341, 0.0413),
        ("Hackney", 33_227, 51.5478, -0.0709, 0.0145, 0.0220),
        ("Brent", 32_366, 51.5580, -0.2598, 0.0182, 0.0360),
        ("Ealing", 31_522, 51.5221, -0.3275, 0.0173, 0.0436),
        ("Islington", 30_809, 51.5471, -0.1078, 0.0142, 0.0165),
        ("Lewisham", 30_323, 51.4519, -0.0197, 0.0199, 0.0285),
        ("Hillingdon", 30_229, 51.5410, -0.4477, 0.0446, 0.0336),
        ("Enfield", 29_993, 51.6408, -0.1010, 0.0216, 0.0442),
        ("Haringey", 28_412, 51.5888, -0.1150, 0.0116, 0.0325),
        ("Barnet", 28_183, 51.6101, -0.2091, 0.0288, 0.0441),
        ("Greenwich", 27_714, 51.4734, 0.0403, 0.0219, 0.0376),
        ("Hounslow", 26_473, 51.4702, -0.3410, 0.0205, 0.0543),
        ("Wandsworth", 25_835, 51.4538, -0.1804, 0.0168, 0.0332),
        ("Waltham Forest", 25_256, 51.5885, -0.0061, 0.0242, 0.0220),
        ("Bromley", 24_269, 51.3887, 0.0325, 0.0387, 0.0609),
        ("Redbridge", 23_951, 51.5807, 0.0706, 0.0213, 0.0352),
        ("Kensington and Chelsea", 22_856, 51.5034, -0.1929, 0.0132, 0.0199),
        ("Hammersmith and Fulham", 21_636, 51.4971, -0.2221, 0.0170, 0.0189),
        ("Barking and Dagenham", 19_957, 51.5493, 0.1185, 0.0219, 0.0309),
        ("Havering", 19_801, 51.5544, 0.2158, 0.0360, 0.0490),
        ("Bexley", 16_640, 51.4647, 0.1521, 0.0262, 0.0357),
        ("Harrow", 16_581, 51.5890, -0.3379, 0.0219, 0.0342),
        ("Merton", 13_816, 51.4094, -0.1846, 0.0153, 0.0325),
        ("Sutton", 12_875, 51.3623, -0.1781, 0.0180, 0.0321),
        ("Richmond upon Thames", 12_124, 51.4474, -0.3148, 0.0244, 0.0425),
        ("Kingston upon Thames", 11_294, 51.3918, -0.2879, 0.0277, 0.0230),
    ]

    /// Crimes in a year at the Met's scale: the twelve months' total without "Unknown" borough and NFIB.
    static var annualTotal: Int { offences.reduce(0) { $0 + $1.2 } }

    /// Streets for "On or near …" locations.
    static let streets = [
        "High Street", "Station Road", "Church Street", "Park Road", "London Road", "Victoria Road", "Green Lane",
        "Manor Road", "Kings Road", "Queens Road", "Mill Lane", "Grove Road", "Albert Road", "The Broadway",
        "Market Place", "Shopping Area", "Supermarket", "Petrol Station", "Parking Area", "Nightclub",
        "Sports/Recreation Area",
        "Further/Higher Educational Building", "Hospital", "Conference/Exhibition Centre", "Bus Station",
        "Theatre/Concert Hall",
    ]
}
