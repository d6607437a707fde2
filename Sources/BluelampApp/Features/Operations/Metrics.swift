import Foundation
import Metrics
import Prometheus
import SQLKit
import Vapor

/// Operational metrics for Prometheus: requests by route pattern, method and status (count and latency,
/// through swift-metrics), requests in flight, and the database's health and pool size. Each application
/// has its own registry, so tests and several apps in one process do not share figures.
///
/// The connection pools of Fluent's drivers do not publish how many connections are in use, so the
/// database figures are: whether it answers (`bluelamp_database_up`), how long a trivial query takes
/// (`bluelamp_database_ping_seconds`), measured at each scrape, and the configured pool ceiling
/// (`bluelamp_database_pool_max_connections`).
final class AppMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    let factory: PrometheusMetricsFactory
    let inFlight: Prometheus.Gauge
    let databaseUp: Prometheus.Gauge
    let databasePing: Prometheus.Gauge
    let poolMax: Prometheus.Gauge

    init() {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets["http_request_duration_seconds"] = [
            .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
            .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10),
        ]
        self.factory = factory
        inFlight = registry.makeGauge(
            descriptor: MetricNameDescriptor(
                metricName: "http_requests_in_flight", unitName: "", helpText: "Requests being handled now."))
        databaseUp = registry.makeGauge(
            descriptor: MetricNameDescriptor(
                metricName: "bluelamp_database_up", unitName: "",
                helpText: "1 when the database answered the last scrape's query."))
        databasePing = registry.makeGauge(
            descriptor: MetricNameDescriptor(
                metricName: "bluelamp_database_ping_seconds", unitName: "",
                helpText: "How long SELECT 1 took at the last scrape."))
        poolMax = registry.makeGauge(
            descriptor: MetricNameDescriptor(
                metricName: "bluelamp_database_pool_max_connections", unitName: "",
                helpText: "The most connections the pool may open."))
    }

    /// Counts one request and its duration under its route pattern (never the filled-in path, which may name someone).
    func record(method: String, route: String, status: UInt, duration: Duration) {
        let dimensions = [("method", method), ("route", route), ("status", String(status))]
        Counter(label: "http_requests_total", dimensions: dimensions, factory: factory).increment()
        Metrics.Timer(label: "http_request_duration_seconds", dimensions: dimensions, factory: factory).record(
            duration: duration)
    }

    /// Measures the database for a scrape.
    func sampleDatabase(_ database: any SQLDatabase, poolCeiling: Int) async {
        poolMax.set(Double(poolCeiling))
        let start = ContinuousClock.now
        do {
            try await database.raw("SELECT 1").run()
            let elapsed = ContinuousClock.now - start
            databaseUp.set(1.0)
            databasePing.set(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        } catch {
            databaseUp.set(0.0)
        }
    }
}

struct AppMetricsKey: StorageKey { typealias Value = AppMetrics }

extension Application {
    /// This application's metrics (created by `configure`).
    var metrics: AppMetrics {
        guard let metrics = storage[AppMetricsKey.self] else { fatalError("configure(_:settings:) has not run") }
        return metrics
    }
}

/// Counts every request, by route pattern and final status, including refusals and errors.
struct MetricsMiddleware: AsyncMiddleware {
    let metrics: AppMetrics

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let start = ContinuousClock.now
        metrics.inFlight.increment()
        defer { metrics.inFlight.decrement() }
        let route = request.route.map { "/" + $0.path.map { "\($0)" }.joined(separator: "/") } ?? "unmatched"
        do {
            let response = try await next.respond(to: request)
            metrics.record(
                method: request.method.rawValue, route: route, status: response.status.code,
                duration: ContinuousClock.now - start)
            return response
        } catch {
            let status = (error as? any AbortError)?.status.code ?? 500
            metrics.record(
                method: request.method.rawValue, route: route, status: status, duration: ContinuousClock.now - start)
            throw error
        }
    }
}

/// `/metrics` in the Prometheus text format, for the metrics token (`BLUELAMP_METRICS_TOKEN`) or an administrator.
struct MetricsRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("metrics", use: scrape).metricsAccess()
    }

    @Sendable func scrape(_ req: Request) async throws -> Response {
        let metrics = req.application.metrics
        let perLoop = req.application.settings.settings.database.isPostgres ? 4 : 1
        let loops = Array(req.application.eventLoopGroup.makeIterator()).count
        if let sql = req.db as? any SQLDatabase {
            await metrics.sampleDatabase(sql, poolCeiling: perLoop * loops)
        }
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(
            type: "text", subType: "plain", parameters: ["version": "0.0.4", "charset": "utf-8"])
        headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return Response(status: .ok, headers: headers, body: .init(string: metrics.registry.emitToString()))
    }
}
