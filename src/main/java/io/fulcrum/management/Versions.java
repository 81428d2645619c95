package io.fulcrum.management;

import io.fulcrum.arm.api.ApiVersions;

/**
 * The api-versions the Microsoft.Resources surface accepts. They cover what the real clients send
 * (clients.md sections 4, 6, 8, 9): az 2.45 (resources 2021-04-01, subscriptions 2019-11-01), Debian's Python SDK
 * (2022-09-01) and the current Java SDK (2025-04-01); all render one model.
 */
public final class Versions {

    public static final ApiVersions RESOURCES = ApiVersions.of("2019-10-01", "2020-06-01", "2020-10-01",
            "2021-01-01", "2021-04-01", "2022-09-01", "2023-07-01", "2024-03-01", "2024-07-01", "2024-11-01",
            "2025-03-01", "2025-04-01");

    public static final ApiVersions SUBSCRIPTIONS = ApiVersions.of("2016-06-01", "2019-06-01", "2019-11-01",
            "2020-01-01", "2021-01-01", "2022-01-01", "2022-12-01");

    public static final ApiVersions METADATA = ApiVersions.of("2015-01-01", "2018-01-01", "2019-05-01",
            "2020-06-01", "2022-09-01");

    private Versions() {
    }
}
