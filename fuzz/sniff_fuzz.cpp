// Upload type sniffing on the first bytes of any file: only PDF, JPEG or PNG, and only when the magic bytes
// say so.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "base/files.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string head(reinterpret_cast<const char*>(data), size);
  const std::string type = zc::SniffContentType(head);
  if (!type.empty() && type != "application/pdf" && type != "image/jpeg" && type != "image/png") std::abort();
  if (type == "application/pdf" && head.rfind("%PDF-", 0) != 0) std::abort();
  if (type == "image/png" && head.rfind("\x89PNG", 0) != 0) std::abort();
  return 0;
}
