# Jekyll's own answers for the rule tables under tests/jekyll/ (issue 24): reads a JSON
# request on standard input, prints the answers as JSON. Run by bench/jekyll_tables.py
# with Debian's jekyll 4.3.1 (ruby 3.1); TZ is the request's zone, as Jekyll sets it.
#
#   {"tz": "America/Los_Angeles", "dates": ["2015-06-14 5:30:00 -0700", ...],
#    "slugify": [["The _config.yml file?", "pretty", true], ...], "titleize": [...],
#    "smartify": ["It's \"quoted\" -- ...", ...]}
require "json"
require "time"
require "jekyll"

request = JSON.parse($stdin.read)
ENV["TZ"] = request.fetch("tz", "UTC")
answer = {}

answer["dates"] = request.fetch("dates", []).map do |text|
  begin
    Jekyll::Utils.parse_date(text).utc.strftime("%Y-%m-%dT%H:%M:%S.%6NZ")
  rescue Jekyll::Errors::InvalidDateError, ArgumentError, RangeError => e
    { "error" => e.class.name }
  end
end

answer["slugify"] = request.fetch("slugify", []).map do |text, mode, cased|
  Jekyll::Utils.slugify(text, :mode => mode, :cased => cased)
end

answer["titleize"] = request.fetch("titleize", []).map { |slug| Jekyll::Utils.titleize_slug(slug) }

if request.key?("smartify")
  site = Jekyll::Site.new(Jekyll.configuration("quiet" => true, "source" => Dir.pwd,
                                               "destination" => File.join(Dir.pwd, "_site")))
  converter = site.find_converter_instance(Jekyll::Converters::SmartyPants)
  answer["smartify"] = request["smartify"].map { |text| converter.convert(text.to_s) }
end

puts JSON.generate(answer)
