// swift-tools-version: 6.1
import PackageDescription

// The identity of a path dependency is its directory name, which differs between checkouts.
let rootPackage = String(Context.packageDirectory.split(separator: "/").dropLast().last!)

let package = Package(
    name: "kafkit-benchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(path: "../"),
        .package(url: "https://github.com/ordo-one/package-benchmark.git", from: "1.38.1", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
    ],
    targets: [
        .executableTarget(
            name: "RecordBatchBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "package-benchmark"),
                .product(name: "KafkaProtocol", package: rootPackage),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "Benchmarks/RecordBatchBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "package-benchmark")]
        )
        ,
        .executableTarget(
            name: "StorageBench",
            dependencies: [
                .product(name: "KafkaProtocol", package: rootPackage),
                .product(name: "KafkaStorage", package: rootPackage),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "Benchmarks/StorageBench"
        ),
    ],
    swiftLanguageModes: [.v6]
)
