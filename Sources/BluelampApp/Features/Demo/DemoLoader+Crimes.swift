import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation

extension DemoLoader {
    /// Twelve months (× years) of crimes in every BCU and this month's so far, when there are none yet:
    /// about 20,000 a year at small scale, the Met's 921,080 a year at met scale (see `DemoCrimeGenerator`),
    /// each month's crimes that reached an investigator with their allocation (`DemoAllocationPlanner`), and
    /// the reports recorded as domestic incidents that are not crimes (`domesticIncidents(inMonth:…)`).
    func loadCrimes(progress: TerminalProgress?) async throws -> Int {
        guard try await !CrimeDemoStore.hasCrimes(on: database) else { return 0 }
        let generator = DemoCrimeGenerator(seed: seed, scale: scale, years: years, now: now)
        let planner = try await allocationPlanner()
        let maker = DemoMonthMaker(generator: generator, planner: planner)
        let total = generator.totalCrimes
        let months = generator.months.indices
        var done = 0
        // Each month is generated, allocated and turned into rows while the month before is written, so
        // the generator and SQLite work on the two cores at once. The months are made one after another.
        var next: Task<DemoMonthMaker.Month, any Error>? = months.isEmpty ? nil : Task { try maker.make(months.first!) }
        for index in months {
            let month = try await next!.value
            next = index + 1 < months.endIndex ? Task { try maker.make(index + 1) } : nil
            do {
                let ids = try await CrimeDemoStore.insert(month.crimes, on: database)
                try await AllocationDemoStore.insert(month.allocations, crimeIDs: ids, on: database)
            } catch {
                _ = try? await next?.value
                throw error
            }
            done += month.count
            progress?.report("Crimes", min(done, total), total)
        }
        // The allocations go back to the first month: the default policy governed them from then.
        if planner != nil, let first = generator.months.first {
            try await AllocationDemoStore.policyInForce(since: first.firstDay, on: database)
        }
        return done
    }

    /// Loads the demo's crimes from police.uk files instead: every `.csv` and `.csv.gz` street and
    /// outcomes file in `directory` (and below it), street files first. A file that is refused is reported
    /// and skipped; the others still load.
    func loadCrimes(fromPoliceUK directory: String, progress: TerminalProgress?) async throws -> [PoliceUKImportReport]
    {
        let root = URL(fileURLWithPath: directory)
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else {
            throw CommandFailure(message: "cannot read the directory \(directory)")
        }
        var files: [String] = []
        for case let url as URL in walker
        where url.lastPathComponent.hasSuffix(".csv") || url.lastPathComponent.hasSuffix(".csv.gz") {
            let name = url.lastPathComponent
            if name.contains("-street") || name.contains("-outcomes") { files.append(url.path) }
        }
        var reports: [PoliceUKImportReport] = []
        for path in PoliceUKFiles.importOrder(files.sorted()) {
            let name = URL(fileURLWithPath: path).lastPathComponent
            // Outcomes of crimes outside the files (earlier months) are kept, held until their crime arrives.
            let report = try await PoliceUKImporter.importFile(
                path: path, options: .init(skipBad: true, importedBy: "bluelamp demo", now: now), on: database,
                progress: { done, total in progress?.report(name, done, total) })
            reports.append(report)
        }
        return reports
    }
}

/// Makes the demo's months in order: each month's crimes, their allocations (the planner carries each
/// officer's caseload from month to month) and the rows to write.
///
/// `@unchecked Sendable`: `loadCrimes` asks for one month at a time and waits for it before asking for
/// the next, so the planner is never used by two tasks at once.
final class DemoMonthMaker: @unchecked Sendable {
    struct Month: Sendable {
        var crimes: DemoCrimeBatch
        var allocations: DemoAllocationBatch
        var count: Int
    }

    let generator: DemoCrimeGenerator
    private var planner: DemoAllocationPlanner?
    /// The first crime number of each month.
    private let firstNumbers: [Int]

    init(generator: DemoCrimeGenerator, planner: DemoAllocationPlanner?) {
        self.generator = generator
        self.planner = planner
        var first = 1
        var numbers: [Int] = []
        for index in generator.months.indices {
            numbers.append(first)
            first += generator.count(inMonth: index)
        }
        firstNumbers = numbers
    }

    func make(_ index: Int) throws -> Month {
        var crimes = generator.month(index, firstNumber: firstNumbers[index])
        let allocations = planner?.allocate(&crimes) ?? []
        // The month's reports recorded as domestic incidents and not crimes, written with its crimes (never
        // allocated: only a crime is investigated).
        let incidents = generator.domesticIncidents(
            inMonth: index, domesticCrimes: crimes.count { $0.crime.flags.contains(.domestic) },
            firstNumber: firstNumbers[index])
        return Month(
            crimes: DemoCrimeBatch(crimes + incidents, forceName: "Metropolitan Police Service"),
            allocations: try DemoAllocationBatch(allocations), count: generator.count(inMonth: index))
    }
}
