import BluelampCore
import BluelampPersistence
import Fluent
import Foundation
import Vapor

/// Sets up an application: database, migrations, middleware, routes. The one place the app is assembled;
/// the commands and the tests call it with their own `Settings`.
public func configure(_ app: Application, settings: Settings) async throws {
    app.bluelamp = AppSettings(
        settings: settings, trustForwardedFor: settings.trustForwardedFor,
        passwordPolicy: PasswordPolicy(commonPasswords: loadCommonPasswords()))
    app.logger.logLevel = Logger.Level(rawValue: settings.logLevel) ?? .info

    try DatabaseSetup.checkFile(for: settings.database)
    let scratchFile = DatabaseSetup.scratchFile(for: settings.database)
    app.databases.use(
        try DatabaseSetup.configuration(for: settings.database, scratchFile: scratchFile),
        as: DatabaseID(string: "main"), isDefault: true)
    if let scratchFile { app.lifecycle.use(ScratchDatabaseRemover(path: scratchFile)) }
    // The writer holds the databases and the event loops, not the application, so there is no cycle to leak.
    let (databases, loops, logger) = (app.databases, app.eventLoopGroup, app.logger)
    app.storage[KeptInspectionReadsKey.self] = KeptInspectionReads()
    app.storage[AuditWriterKey.self] = AuditWriter(gate: SQLiteWriteGate()) {
        databases.database(logger: logger, on: loops.any())!
    }
    app.migrations.add(allMigrations)
    // FluentKit logs "[Migrator] Starting/Finished prepare" for every migration at info: 80 lines before
    // anything else on a new database. They are debug detail (BLUELAMP_LOG_LEVEL=debug shows them); one
    // summary line says what was applied.
    app.fluent.migrationLogLevel = .debug
    app.passwords.use(.bcrypt(cost: app.environment == .testing ? 4 : 12))

    app.http.server.configuration.hostname = settings.host
    app.http.server.configuration.port = settings.port
    app.http.server.configuration.serverName = nil
    app.routes.defaultMaxBodySize = "2mb"
    // A page's date fields are day, month and year boxes; forms and queries are read with them joined (DateInput).
    ContentConfiguration.global.use(decoder: DatePartsDecoder(), for: .urlEncodedForm)
    ContentConfiguration.global.use(urlDecoder: DatePartsDecoder())
    // Our own server, so request heads are measured and timed before NIO's decoder holds them (BluelampServer).
    let server = BluelampServer(application: app, limits: settings.requestLimits)
    app.servers.use { _ in server }

    // Middleware order: log, metrics, then headers on every response, then error pages, then who is asking,
    // then the access gate.
    app.middleware = Middlewares()
    app.middleware.use(RequestLogMiddleware())
    let metrics = AppMetrics()
    app.storage[AppMetricsKey.self] = metrics
    app.middleware.use(MetricsMiddleware(metrics: metrics))
    app.middleware.use(SecurityHeadersMiddleware())
    app.middleware.use(ErrorPageMiddleware())
    app.middleware.use(SessionAuthenticator())
    app.middleware.use(AccessMiddleware())

    try routes(app)
    app.lifecycle.use(DailyJobScheduler())
    app.lifecycle.use(IndicatorRefresher())

    if settings.autoMigrate {
        try await DatabaseSetup.prepare(app.db, location: settings.database)
        try await app.migrator.setupIfNeeded().get()
        let pending = try await app.migrator.previewPrepareBatch().get().count
        try await app.autoMigrate()
        if pending > 0 {
            app.logger.info("Applied \(pending) migration\(pending == 1 ? "" : "s") to \(settings.database)")
        }
        try await OrganisationStore.seedReferenceData(
            on: app.db, forceCode: settings.forceCode, forceName: settings.forceName)
    }
    // Every pooled connection, whether or not this process migrates.
    try await DatabaseSetup.prepareConnections(
        app.eventLoopGroup.makeIterator().compactMap { app.databases.database(logger: app.logger, on: $0) },
        location: settings.database)
}

func routes(_ app: Application) throws {
    try app.register(collection: HomeRoutes())
    try app.register(collection: SignInRoutes())
    try app.register(collection: OperationsRoutes())
    try app.register(collection: StaticRoutes())
    try app.register(collection: OrganisationRoutes())
    try app.register(collection: CrimeRoutes())
    try app.register(collection: InvestigationRoutes())
    try app.register(collection: CallRoutes())
    try app.register(collection: ForensicsRoutes())
    try app.register(collection: SafeguardingRoutes())
    try app.register(collection: OrganisedCrimeRoutes())
    try app.register(collection: AdminRoutes())
    try app.register(collection: AccountRoutes())
    try app.register(collection: InspectionRoutes())
    try app.register(collection: AllocationRoutes())
    try app.register(collection: OffenderRoutes())
    try app.register(collection: ProtectionOrderRoutes())
    try app.register(collection: DisclosureRoutes())
    try app.register(collection: MissingPersonRoutes())
    try app.register(collection: APIRoutes())
    try app.register(collection: MetricsRoutes())
}

/// The shipped list of common passwords the password policy refuses.
func loadCommonPasswords() -> Set<String> {
    guard let url = Bundle.module.url(forResource: "common-passwords", withExtension: "txt", subdirectory: "Resources"),
        let text = try? String(contentsOf: url, encoding: .utf8)
    else { return [] }
    return Set(text.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") && !$0.isEmpty })
}

/// Deletes the in-memory database's scratch file when the application shuts down (`DatabaseSetup.scratchFile`).
/// Open connections keep the deleted file readable until the databases close, just after.
struct ScratchDatabaseRemover: LifecycleHandler {
    let path: String

    func shutdownAsync(_ application: Application) async {
        DatabaseSetup.removeScratchFile(path)
    }
}
