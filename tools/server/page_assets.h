// The translators' page (tools/server/page/*), embedded into the binary at build time by
// embed_assets.cmake. Immutable static data; thread-safe.
#ifndef TMKIT_SERVER_PAGE_ASSETS_H_
#define TMKIT_SERVER_PAGE_ASSETS_H_

#include <string_view>
#include <vector>

namespace tmkit::server {

struct PageAsset {
  std::string_view path;  // "/index.html"
  std::string_view mime;
  std::string_view bytes;
};

const std::vector<PageAsset>& PageAssets();

}  // namespace tmkit::server

#endif  // TMKIT_SERVER_PAGE_ASSETS_H_
