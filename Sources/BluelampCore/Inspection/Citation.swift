/// A published document Bluelamp cites: who published it, its title, when, and where anyone can read it.
///
/// What the product shows of a source is these four things, never a file of this repository.
public struct PublishedSource: Sendable, Hashable, Identifiable {
    public var id: String
    public var publisher: String
    public var title: String
    /// As precisely as the document dates itself, e.g. "March 2017" or "23 January 2025".
    public var published: String
    /// The public address of the document.
    public var url: String
    /// What the document reports on when it is an article about someone else's work, e.g. an inspection
    /// report; nil when the document is the work itself.
    public var reporting: String?
    /// The file in the project's collection of public reports (`shared/seeds`) that holds this document's
    /// text as published, against which the tests check every quote. Never shown.
    public var heldText: String?

    public init(
        id: String, publisher: String, title: String, published: String, url: String, reporting: String? = nil,
        heldText: String? = nil
    ) {
        self.id = id
        self.publisher = publisher
        self.title = title
        self.published = published
        self.url = url
        self.reporting = reporting
        self.heldText = heldText
    }

    /// Publisher, “title”, date, address: the reference a page shows.
    public var reference: String {
        "\(publisher), “\(title)”, \(published)"
            + (reporting.map { " (reporting \($0))" } ?? "") + ". \(url)"
    }
}

/// One thing Bluelamp takes from a published source, in a few words of its own, with the source's exact
/// words where a copy of the text is held to check them against.
public struct Citation: Sendable, Hashable, Identifiable {
    /// Stable; stored data (the inspection history) refers to a citation by it.
    public var id: String
    public var sourceID: String
    /// The inspection the finding comes from, for running text: "PEEL 2023–25", "PEEL 2016".
    public var inspection: String
    /// What Bluelamp takes from the source, e.g. "novice officers holding over 25 crimes at once".
    public var finding: String
    /// The source's words, verbatim, with runs of whitespace (line breaks, list indentation) as single
    /// spaces; nil when no copy of the text is held to check them against.
    public var quote: String?

    public init(id: String, sourceID: String, inspection: String, finding: String, quote: String?) {
        self.id = id
        self.sourceID = sourceID
        self.inspection = inspection
        self.finding = finding
        self.quote = quote
    }

    /// "PEEL 2023–25: novice officers holding over 25 crimes at once": for a page's running text, with
    /// the full reference (`source`) one step away.
    public var short: String { "\(inspection): \(finding)" }

    /// The published source; every citation's source is in `Citations.sources` (tested).
    public var source: PublishedSource? { Citations.source(sourceID) }
}

/// The table of sources: every document the product cites and every finding it takes from them. Pages,
/// indicator descriptions and the inspection history refer to these by id, so each citation is written once.
///
/// The seeds held with the project are copies of public pages, some of them machine-rewritten copies of a
/// news report; each source here is the page the held text is, with the report it was rewritten from named
/// in `reporting`, so a quote can always be found at the address shown.
public enum Citations {
    // MARK: - Sources

    /// HMIC's 2016 effectiveness inspection of the Met (the report is dated March 2017).
    public static let peel2016Effectiveness = PublishedSource(
        id: "hmic-peel-2016-metropolitan-effectiveness", publisher: "HMIC",
        title: "PEEL: Police effectiveness 2016 – Metropolitan Police Service", published: "March 2017",
        url: "https://hmicfrs.justiceinspectorates.gov.uk/peel-assessments/peel-2016/metropolitan/effectiveness/",
        heldText: "002_53bfed75c7325b7e.txt")

    /// A copy of a news report of the Met's PEEL 2023–25 results. The held copy has no headline; the title
    /// is the page's address in words.
    public static let peel2023Report = PublishedSource(
        id: "press-peel-2023-25-metropolitan", publisher: "sexualassault.co.uk",
        title: "Metropolitan Police sex offenders", published: "undated",
        url: "https://www.sexualassault.co.uk/metropolitan-police-sex-offenders",
        reporting: "HMICFRS's PEEL 2023–25 inspection of the Metropolitan Police Service, published 15 August 2024",
        heldText: "004_9c3b8de5b4c53554.txt")

    /// A machine-rewritten copy of BBC News's report of the end of Engage.
    public static let engageExitBBCCopy = PublishedSource(
        id: "press-engage-exit-bbc-copy", publisher: "fastnewsusa.com",
        title: "Met Police’s enhanced surveillance ends", published: "January 2025",
        url: "https://fastnewsusa.com/met-polices-enhanced-surveillance-ends",
        reporting: "a BBC News report of HMICFRS's decision of 23 January 2025; machine-rewritten text",
        heldText: "001_d0f259ec803d76f6.txt")

    /// A machine-rewritten copy of OnLondon's report of the end of Engage.
    public static let engageExitOnLondonCopy = PublishedSource(
        id: "press-engage-exit-onlondon-copy", publisher: "lawsonoflondontimes.com",
        title: "Inspectors have praised good progress in areas of concern whereas noting that considerably extra "
            + "continues to be required",
        published: "January 2025", url: "https://lawsonoflondontimes.com/archives/2383",
        reporting: "OnLondon's report “Metropolitan Police removed from enhanced monitoring following improvements”, "
            + "https://onlondon.co.uk/metropolitan-police-removed-from-enhanced-monitoring-following-improvements; "
            + "machine-rewritten text",
        heldText: "003_3627f5e3a57bfa28.txt")

    /// HMICFRS's letter returning the Met to Scan. No copy is held, so nothing is quoted from it.
    public static let engageExitLetter = PublishedSource(
        id: "hmicfrs-letter-2025-01-23", publisher: "HMICFRS",
        title: "Metropolitan Police Service: return to default phase of monitoring", published: "23 January 2025",
        url: "https://hmicfrs.justiceinspectorates.gov.uk/publication-html/"
            + "metropolitan-police-service-return-to-default-phase-of-monitoring-january-25/")

    /// A copy of a Met statement on HMIC's PEEL 2015 effectiveness report (published February 2016).
    public static let peel2015MetStatement = PublishedSource(
        id: "press-peel-2015-met-statement", publisher: "Police Hour",
        title: "Met Police shortages in equipment available to frontline investigators", published: "February 2016",
        url: "https://policehour.co.uk/2016/02/"
            + "met-police-shortages-in-equipment-available-to-frontline-investigators-police-effectiveness/",
        reporting: "the Met's response to HMIC's PEEL 2015 effectiveness report",
        heldText: "000_b3abbc6350c5fd74.txt")

    public static let sources: [PublishedSource] = [
        peel2016Effectiveness, peel2023Report, engageExitBBCCopy, engageExitOnLondonCopy, engageExitLetter,
        peel2015MetStatement,
    ]

    // MARK: - PEEL 2016 (HMIC's effectiveness inspection)

    public static let crimesAllocatedEffectively2016 = Citation(
        id: "peel-2016.crimes-allocated-effectively", sourceID: peel2016Effectiveness.id, inspection: "PEEL 2016",
        finding: "crimes were allocated effectively for secondary investigation",
        quote: "Crimes are allocated effectively for secondary investigation")

    public static let wantedMonitoredActively2016 = Citation(
        id: "peel-2016.wanted-monitored-actively", sourceID: peel2016Effectiveness.id, inspection: "PEEL 2016",
        finding: "the force monitored wanted persons and outstanding suspects actively",
        quote: "The force monitors wanted persons and outstanding suspects actively.")

    public static let frontlineUnawareOfRSOs2016 = Citation(
        id: "peel-2016.frontline-unaware-of-rsos", sourceID: peel2016Effectiveness.id, inspection: "PEEL 2016",
        finding: "response and neighbourhood teams knew little of the registered sex offenders in their area",
        quote: "Response and neighbourhood teams have limited knowledge of these offenders locally and do not "
            + "monitor or collect intelligence about them routinely.")

    // MARK: - PEEL 2023–25 (as reported)

    public static let novicesOver25Crimes = Citation(
        id: "peel-2023-25.novices-over-25-crimes", sourceID: peel2023Report.id, inspection: "PEEL 2023–25",
        finding: "novice officers handling over 25 crimes at once",
        quote: "novice officers handle over 25 offences simultaneously")

    public static let complexCrimesBasicTraining = Citation(
        id: "peel-2023-25.complex-crimes-basic-training", sourceID: peel2023Report.id, inspection: "PEEL 2023–25",
        finding: "complex crimes allocated to officers with only basic investigative training",
        quote: "There were examples during the inspection of complex crimes allocated to officers with only "
            + "“basic investigative training”.")

    public static let allocationPolicyInconsistent = Citation(
        id: "peel-2023-25.allocation-policy-inconsistent", sourceID: peel2023Report.id, inspection: "PEEL 2023–25",
        finding:
            "the crime allocation policy led to inconsistent decisions and arguments about who should investigate what",
        quote: "the inspectorate found the force’s crime allocation policy led to “inconsistent decision-making "
            + "across the force and to arguments about who should investigate what”.")

    public static let offendersAndSuspectsInadequate = Citation(
        id: "peel-2023-25.offenders-and-suspects-inadequate", sourceID: peel2023Report.id, inspection: "PEEL 2023–25",
        finding:
            "managing offenders and suspects graded inadequate, with too little training in managing suspects and offenders",
        quote: "Inspectors noted a deficiency in training on the management of suspects and offenders and the "
            + "utilisation of the Violent and Sex Offender Register in the part dedicated to this topic.")

    public static let supervisorsUntrainedInWorkloads = Citation(
        id: "peel-2023-25.supervisors-untrained-in-workloads", sourceID: peel2023Report.id,
        inspection: "PEEL 2023–25",
        finding: "supervisors in investigation teams with little or no training in managing crime workloads",
        quote: "the report said supervisors in investigation teams had little or no training in managing crime "
            + "workloads.")

    public static let linesOfEnquiryNotPursued = Citation(
        id: "peel-2023-25.lines-of-enquiry-not-pursued", sourceID: peel2023Report.id, inspection: "PEEL 2023–25",
        finding: "neighbourhood crime investigations generally poor, lines of enquiry not always identified or pursued",
        quote: "The quality of investigations for neighbourhood crimes was “generally poor”, and lines of enquiry "
            + "were not always identified or pursued.")

    public static let rsoNotSeenSince2017 = Citation(
        id: "peel-2023-25.rso-not-seen-since-2017", sourceID: peel2023Report.id, inspection: "PEEL 2023–25",
        finding: "a high-risk registered sex offender not successfully visited since 2017",
        quote: "One specific instance was a high-risk registered sex offender who has not received any successful "
            + "visits from officers or team members since 2017.")

    public static let noArrestConsidered = Citation(
        id: "peel-2023-25.no-arrest-considered", sourceID: peel2023Report.id, inspection: "PEEL 2023–25",
        finding: "no proactive consideration of arrest or a warrant",
        quote: "The inspection found “no proactive consideration” of arresting the individual or issuing a warrant.")

    public static let visitsAnnounced = Citation(
        id: "peel-2023-25.visits-announced", sourceID: peel2023Report.id, inspection: "PEEL 2023–25",
        finding: "too many visits to registered sex offenders announced in advance",
        quote: "it found that too many visits to registered sex offenders were announced in advance")

    // MARK: - Engage (enhanced monitoring), June 2022 to January 2025

    public static let engageDates = Citation(
        id: "engage.dates", sourceID: engageExitLetter.id, inspection: "Engage",
        finding: "the Met was in Engage from 28 June 2022 and returned to Scan on 23 January 2025", quote: nil)

    public static let engageScandals = Citation(
        id: "engage.scandals", sourceID: engageExitBBCCopy.id, inspection: "Engage",
        finding: "the scrutiny followed a series of scandals",
        quote: "After this the force remained under additional scrutiny for two and a half years a series of "
            + "scamsIncluding the murder of Sarah Everard, the strip search of Child Q and being caught exchanging "
            + "incriminating messages with officers.")

    public static let engageExitRecommended = Citation(
        id: "engage.exit-recommended", sourceID: engageExitBBCCopy.id, inspection: "Engage",
        finding: "HM Inspector Lee Freeman recommended the return to routine monitoring",
        quote: "HMICFR’s Lee Freeman said he was pleased with the progress the force had made so far and "
            + "recommended “removing the service from our advanced level of monitoring, known as Engage, and "
            + "returning it to regular monitoring Is.”")

    public static let engageExitImprovements = Citation(
        id: "engage.exit-improvements", sourceID: engageExitBBCCopy.id, inspection: "Engage",
        finding: "the improvements the inspectorate found",
        quote: "The Inspectorate found improvements in: • Responding appropriately to the public and vulnerable "
            + "people, including responding to calls more quickly • Assessing and investigating crimes involving "
            + "missing children and exploited children • Identifying victim blaming language • Crime Management, "
            + "which includes new units that help evaluate crimes and allocate officers with the right skills • "
            + "Prioritizing investigative improvements and recognizing the importance of offender management "
            + "within the investigative process. • Professional Standards and Property Management")

    public static let engageExitProgress = Citation(
        id: "engage.exit-progress", sourceID: engageExitOnLondonCopy.id, inspection: "Engage",
        finding: "released after good progress on the causes of concern",
        quote: "The Metropolitan Police Service has been launched from “enhanced monitoring” by inspectors after "
            + "they discovered ample “good progress” was being made in direction of correcting causes for concern "
            + "about name dealing with, skilled requirements, how baby exploitation is handled and issues "
            + "associated to the Daniel Morgan Unbiased Panel Report.")

    public static let engageEntryAndExitDecision = Citation(
        id: "engage.entry-and-exit-decision", sourceID: engageExitOnLondonCopy.id, inspection: "Engage",
        finding: "HM Chief Inspector Sir Andy Cooke returned the Met to routine monitoring; it had entered Engage "
            + "in June 2022 after an assessment found it inadequate at responding to the public",
        quote: "Met Commissioner Sir Mark Rowley (pictured) was informed by letter that His Majesty’s Chief "
            + "Inspector of Constabulary and Fireplace & Rescue Providers, Sir Andy Cooke, has determined to return "
            + "the Met to the same old stage of monitoring, having been faraway from it in June, 2022, when an "
            + "evaluation discovered London’s police service requiring enchancment in 5 key primary areas, "
            + "together with investigating crime, and “insufficient” at responding to the general public.")

    public static let engageCausesClosed = Citation(
        id: "engage.causes-closed", sourceID: engageExitOnLondonCopy.id, inspection: "Engage",
        finding: "the recommendations in all three cause-of-concern areas are closed",
        quote: "The inspectorate’s letter to Rowley, copied to Sir Sadiq Khan, units out the suggestions it had "
            + "made in every of three “explanation for concern” areas and the deadlines for enacting them, stating "
            + "that these are all now closed.")

    public static let engageChildExploitation = Citation(
        id: "engage.child-exploitation-inspection", sourceID: engageExitOnLondonCopy.id, inspection: "Engage",
        finding: "the Mayor's Office asked for an inspection of child exploitation in June 2023; a critical report "
            + "followed in October",
        quote: "In June, 2023, the Mayor’s Workplace for Policing and Crime requested inspectors to look "
            + "particularly at how the Met was responding to the sexual and felony exploitation of youngsters, "
            + "leading to a crucial report the next October.")

    public static let engageMilestonePlan = Citation(
        id: "engage.milestone-plan", sourceID: engageExitOnLondonCopy.id, inspection: "Engage",
        finding: "the Met and the inspectorate agreed a Milestone Plan in May 2024",
        quote: "The next Might, the Met and the inspectors agreed a “Milestone Plan” to trace enhancements below "
            + "the persevering with enhanced monitoring course of – generally known as “particular measures” – which "
            + "additionally encompassed issues associated to the Daniel Morgan report, printed in June 2021, which "
            + "had been commissioned by the federal government to look into the dealing with of the unsolved "
            + "homicide of Morgan in 1987.")

    public static let all: [Citation] = [
        crimesAllocatedEffectively2016, wantedMonitoredActively2016, frontlineUnawareOfRSOs2016,
        novicesOver25Crimes, complexCrimesBasicTraining, allocationPolicyInconsistent, offendersAndSuspectsInadequate,
        rsoNotSeenSince2017, noArrestConsidered, visitsAnnounced, supervisorsUntrainedInWorkloads,
        linesOfEnquiryNotPursued,
        engageDates, engageScandals, engageExitRecommended, engageExitImprovements, engageExitProgress,
        engageEntryAndExitDecision, engageCausesClosed, engageChildExploitation, engageMilestonePlan,
    ]

    // MARK: - Look-up

    public static func citation(_ id: String) -> Citation? { all.first { $0.id == id } }

    public static func source(_ id: String) -> PublishedSource? { sources.first { $0.id == id } }
}
