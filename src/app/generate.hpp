#pragma once
// A realistic large dataset for capacity tests and benchmarks (`zhicheng generate`): units across the
// city's regions with a few very large ones and many small ones, one applicant per application with an
// approved archive, and applications in every state with the history that led there (transitions). Written
// with multi-row INSERTs in batches, so a million applications take minutes, not hours. Deterministic for a
// seed. See docs/performance.md.
#include <cstdint>
#include <functional>
#include <string>

#include "campaign/campaign.hpp"
#include "storage/database.hpp"

namespace zc::app {

struct GenerateOptions {
  int64_t applications = 1000000;
  int64_t units = 0;  // 0: one unit per 40 applications
  uint64_t seed = 1;
};

struct GenerateReport {
  int64_t units = 0;
  int64_t users = 0;
  int64_t applications = 0;
  int64_t transitions = 0;
};

// Adds the dataset next to whatever the database holds (the demo, say); every generated account's password
// is the demo password. `progress` is called with the applications written so far.
GenerateReport Generate(storage::Database& db, const campaign::Campaign& c, const GenerateOptions& o,
                        const std::function<void(int64_t)>& progress = {});

}  // namespace zc::app
