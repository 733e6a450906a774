# Written into a Jekyll site's _plugins/ by bench/oracle_build.py: after rendering, every
# post's converted content (what jekyll-feed puts in <content>), with its URL and dates,
# goes to oracle.json in the destination folder.
require "json"

Jekyll::Hooks.register :site, :post_write do |site|
  posts = site.posts.docs.map do |post|
    {
      "source" => post.relative_path,
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
