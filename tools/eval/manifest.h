// manifest.h: the corpus manifests of ../shared/data (FORMAT.md there).
//
//   StatusOr<Corpus> corpus = LoadCorpus("../shared/data/motionsense");
//   for (const ManifestEntry& e : corpus->entries) Run(corpus->dir + "/" + e.accel_file);
#ifndef MINSENSE_TOOLS_EVAL_MANIFEST_H_
#define MINSENSE_TOOLS_EVAL_MANIFEST_H_

#include <optional>
#include <string>
#include <vector>

#include "pipeline/status.h"

namespace minsense::eval {

// ManifestEntry is one row of manifest.csv.
struct ManifestEntry {
  std::string id;
  std::string dataset;
  std::string subject;
  std::string device;
  std::string position;
  std::string activity;  // still, walking, running, cycling, in_vehicle, mixed
  std::string detail;
  std::optional<double> rate_hz;
  bool rate_uncertain = false;
  double duration_s = 0;
  std::optional<int> steps_gt;
  std::optional<double> cadence_spm_gt;
  std::string accel_file;  // Relative to the corpus folder; empty if none.
  std::string steps_file;
  std::string gps_file;
};

// Corpus is one folder with its manifest.
struct Corpus {
  std::string dir;
  std::string name;  // Folder name.
  std::vector<ManifestEntry> entries;
};

// LoadCorpus reads DIR/manifest.csv. Errors name the file and line.
StatusOr<Corpus> LoadCorpus(const std::string& dir);

// ParseManifest parses manifest text (header line first).
StatusOr<std::vector<ManifestEntry>> ParseManifest(const std::string& text,
                                                   const std::string& source_name);

}  // namespace minsense::eval

#endif  // MINSENSE_TOOLS_EVAL_MANIFEST_H_
