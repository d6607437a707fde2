import BluelampPersistence
import Foundation
import Vapor

/// A token bucket per API token, held in this instance's memory: each token may make `limit` requests at once,
/// refilled at `limit` per minute. With several instances behind a load balancer each keeps its own buckets,
/// so a token may make up to N × limit requests a minute across N instances (documented in openapi.yaml).
actor APIRateLimiter {
    struct Bucket {
        var tokens: Double
        var updated: Date
    }

    private var buckets: [String: Bucket] = [:]

    /// Takes one request from the bucket; nil when allowed, otherwise the whole seconds to wait.
    func take(_ key: String, now: Date, limitPerMinute: Int) -> Int? {
        let capacity = Double(max(1, limitPerMinute))
        let refillPerSecond = capacity / 60
        var bucket = buckets[key] ?? Bucket(tokens: capacity, updated: now)
        bucket.tokens = min(capacity, bucket.tokens + max(0, now.timeIntervalSince(bucket.updated)) * refillPerSecond)
        bucket.updated = now
        defer {
            buckets[key] = bucket
            if buckets.count > 10_000 { prune(now: now) }
        }
        if bucket.tokens >= 1 {
            bucket.tokens -= 1
            return nil
        }
        return max(1, Int(((1 - bucket.tokens) / refillPerSecond).rounded(.up)))
    }

    /// Forgets buckets that have refilled completely (idle for over a minute): they hold nothing worth keeping.
    private func prune(now: Date) {
        buckets = buckets.filter { now.timeIntervalSince($0.value.updated) < 60 }
    }
}

/// Refuses an API request over its token's rate with 429 and `Retry-After`. Keyed by the bearer token (its
/// hash), or by the user for a browser session.
struct APIRateLimitMiddleware: AsyncMiddleware {
    /// This instance's buckets (one limiter per application).
    let limiter = APIRateLimiter()

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let key: String
        if let bearer = request.headers.bearerAuthorization?.token {
            key = "token:" + SessionStore.sha256(bearer)
        } else if let principal = request.principal {
            key = "user:\(principal.userID)"
        } else {
            return try await next.respond(to: request)
        }
        let limit = request.application.settings.settings.apiRateLimit
        if let wait = await limiter.take(key, now: request.now, limitPerMinute: limit) {
            throw APIError.rateLimited(retryAfter: wait)
        }
        return try await next.respond(to: request)
    }
}
