#pragma once
// A small flow layout on cairo + pango for the platform's A4 forms: titles, paragraphs, bordered tables whose
// rows grow with their text and break across pages (a row taller than a page is split between lines, and the
// header row is repeated), boxes for opinions, a QR code, a footer and a watermark on every page. Text is set
// in Noto CJK through fontconfig. Internal to the documents module (it is the only place cairo is included).
#include <cairo.h>
#include <pango/pangocairo.h>

#include <functional>
#include <string>
#include <vector>

namespace zc::documents {

struct Column {
  double weight = 1;  // share of the table's width
  std::string header;
};

// For page hooks: `text` repeated diagonally across the page, light enough to read through; and a small line
// at the foot of the page.
void Watermark(cairo_t* cr, double width, double height, const std::string& text, double size = 12,
               double r = 0.55, double g = 0.55, double b = 0.55, double alpha = 0.22);
// `width` > 0 wraps the text at that width; the first line starts 40 pt above `height`.
void Footer(cairo_t* cr, double height, const std::string& text, double width = 0);

class PdfWriter {
 public:
  // Called on every page after its content, to draw the watermark and the footer.
  using PageHook = std::function<void(cairo_t*, int page, double width, double height)>;

  explicit PdfWriter(const std::string& title);
  ~PdfWriter();
  PdfWriter(const PdfWriter&) = delete;
  PdfWriter& operator=(const PdfWriter&) = delete;

  void OnPage(PageHook hook) { hook_ = std::move(hook); }
  double ContentWidth() const { return width_ - 2 * kMargin; }
  double Y() const { return y_; }
  void SetY(double y) { y_ = y; }
  cairo_t* cr() { return cr_; }
  int Page() const { return page_; }

  void Title(const std::string& text, double size);
  void Centered(const std::string& text, double size);
  // A section heading, kept on the same page as at least `keep` points of what follows.
  void Section(const std::string& text, double keep = 90);
  void Paragraph(const std::string& text, double size = 10.5);
  void Table(const std::vector<Column>& columns, const std::vector<std::vector<std::string>>& rows,
             bool header = true);
  // Label/value pairs, two pairs per row.
  void Pairs(const std::vector<std::pair<std::string, std::string>>& pairs);
  // A bordered box: a bold label, the text, and at least `min_height` points for handwriting and seals.
  void Box(const std::string& label, const std::string& text, double min_height,
           const std::string& footer = {});
  void Space(double h) { y_ += h; }
  void NewPage();
  // Draws `text` as a QR code of side `size` with its top-left corner at (x, y) on the current page.
  void Qr(const std::string& text, double x, double y, double size);
  // Draws with `fn` on the current page (saved and restored around it).
  void Draw(const std::function<void(cairo_t*)>& fn);
  // Pads to an even page count (duplex printing) unless `even` is false, and returns the PDF bytes.
  std::string Finish(int* pages = nullptr, bool even = true);

  static constexpr double kMargin = 50;
  static constexpr double kTop = 56;
  static constexpr double kBottom = 60;
  static constexpr const char* kFont = "Noto Serif CJK SC";
  static constexpr const char* kSans = "Noto Sans CJK SC";

 private:
  PangoLayout* Layout(const std::string& text, double size, double width, bool bold = false,
                      const char* family = kFont);
  double Bottom() const { return height_ - kBottom; }
  void EndPage();
  void Row(const std::vector<double>& widths, std::vector<std::string> cells, bool bold, double size,
           const std::vector<std::string>* repeat_header);

  std::string out_;
  cairo_surface_t* surface_ = nullptr;
  cairo_t* cr_ = nullptr;
  PageHook hook_;
  double width_ = 595.28;
  double height_ = 841.89;
  double y_ = kTop;
  int page_ = 1;
  bool page_has_content_ = false;
};

}  // namespace zc::documents
