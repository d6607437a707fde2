import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation

extension DemoLoader {
    /// Twelve months (× years) of crimes in every BCU and this month's so far: about 20,000 a year at small
    /// scale, the Met's 921,080 a year at met scale (see `DemoCrimeGenerator`), each month's crimes that reached
    /// an investigator with their allocation (`DemoAllocationPlanner`), and the reports recorded as domestic
    /// incidents that are not crimes (`domesticIncidents(inMonth:…)`).
    ///
    /// Resumable: each month (its crimes, incidents and allocations, and with the last month the policy's start)
    /// is written in one transaction, so after a crash a month is all there or not at all. A re-run makes the
    /// months again in order (the planner carries each officer's caseload from month to month), writes only
    /// those not stored, and so gives exactly what an uninterrupted run gives. Nothing is added when the last
    /// month is stored, nor when crimes that are not the generator's are (loaded from police.uk files).
    /// `stoppingAfter` writes only that many months, as a run killed after them would (for the tests).
    func loadCrimes(progress: TerminalProgress?, stoppingAfter monthLimit: Int? = nil) async throws -> Int {
        let generator = DemoCrimeGenerator(seed: seed, scale: scale, years: years, now: now)
        let months = generator.months.indices
        let probe = DemoMonthMaker(generator: generator, planner: nil)
        if let last = months.last(where: { generator.count(inMonth: $0) > 0 }),
            let reference = probe.firstReference(ofMonth: last),
            try await CrimeDemoStore.hasCrime(reference: reference, on: database)
        {
            return 0
        }
        var resuming = false
        if let first = months.first { resuming = try await isWritten(probe, month: first) }
        if !resuming, try await CrimeDemoStore.hasCrimes(on: database) { return 0 }
        let planner = try await allocationPlanner(resuming: resuming)
        let maker = DemoMonthMaker(generator: generator, planner: planner)
        let total = generator.totalCrimes
        let policySince = planner == nil ? nil : generator.months.first?.firstDay
        var done = 0
        // Each month is generated, allocated and turned into rows while the month before is written, so
        // the generator and SQLite work on the two cores at once. The months are made one after another,
        // those already written too (for the planner's caseloads), and only the others are written.
        var next: Task<DemoMonthMaker.Month, any Error>? = months.isEmpty ? nil : Task { try maker.make(months.first!) }
        for index in months {
            if let monthLimit, index >= monthLimit {
                _ = try? await next?.value
                break
            }
            // The month before has been written and freed.
            FreedMemory.release()
            let month = try await next!.value
            next = index + 1 < months.endIndex ? Task { try maker.make(index + 1) } : nil
            do {
                if try await !CrimeDemoStore.isWritten(month.crimes, on: database) {
                    // The allocations go back to the first month: the default policy governed them from then.
                    let isLast = index + 1 == months.endIndex
                    try await CrimeDemoStore.insertMonth(
                        month.crimes, allocations: month.allocations, policyInForceSince: isLast ? policySince : nil,
                        on: database)
                }
            } catch {
                _ = try? await next?.value
                throw error
            }
            done += month.count
            progress?.report("Crimes", min(done, total), total)
        }
        return done
    }

    /// Whether the month at `index` is stored: its first crime is (a month is written in one transaction).
    private func isWritten(_ maker: DemoMonthMaker, month index: Int) async throws -> Bool {
        guard let reference = maker.firstReference(ofMonth: index) else { return false }
        return try await CrimeDemoStore.hasCrime(reference: reference, on: database)
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

    /// The reference of the first crime of the month at `index`, nil when the month has none (made without
    /// the planner, so it leaves the caseloads as they are).
    func firstReference(ofMonth index: Int) -> String? {
        generator.month(index, firstNumber: firstNumbers[index]).first?.crime.reference
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
