#include "base/files.hpp"

#include <fstream>
#include <sstream>

namespace zc {

std::optional<std::string> ReadTextFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::stringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return ss.str();
}

std::vector<std::filesystem::path> ListFiles(const std::filesystem::path& dir, std::string_view extension) {
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
    if (e.path().extension() == extension) files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string SniffContentType(std::string_view head) {
  if (head.starts_with("%PDF-")) return "application/pdf";
  if (head.size() >= 3 && static_cast<unsigned char>(head[0]) == 0xFF &&
      static_cast<unsigned char>(head[1]) == 0xD8 && static_cast<unsigned char>(head[2]) == 0xFF)
    return "image/jpeg";
  if (head.starts_with(std::string_view("\x89PNG\r\n\x1a\n", 8))) return "image/png";
  return "";
}

}  // namespace zc
