# Written into a Jekyll site's _plugins/ by bench/oracle_build.py: after rendering, every
# post's converted content (what jekyll-feed puts in <content>), with its URL and dates,
# goes to oracle.json in the destination folder; so do the documents of every other
# collection Jekyll writes out (a site's own feed template may list them).
require "json"

Jekyll::Hooks.register :site, :post_write do |site|
  written = site.collections.values.select { |c| c.label == "posts" || c.write? }
  posts = written.flat_map(&:docs).map do |post|
    {
      "source" => post.relative_path,
      "collection" => post.collection.label,
      "url" => site.config["url"].to_s + site.baseurl.to_s + post.url,
      "id" => post.id,
      "title" => post.data["title"],
      "date" => post.date.iso8601,
      "categories" => post.data["categories"],
      "draft" => post.respond_to?(:draft?) ? post.draft? : false,
      "content" => post.content,
    }
  end
  File.write(File.join(site.dest, "oracle.json"), JSON.generate({ "posts" => posts }))
end
