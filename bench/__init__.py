"""The performance benchmark: a seeded data generator (bench.generate) and the runner (bench.run)."""
