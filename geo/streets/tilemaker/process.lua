-- Maraude's basemap: which OpenStreetMap objects go into which tile layer, with which
-- attributes. Read by tilemaker 2.x (`maraude` builds the tiles; see geo/streets/tiles.py).
-- Layers: earth and sea (assembled from the coastline before tilemaker runs), water,
-- waterway, coastline, landuse, roads (class and name), places (class, rank and name).

node_keys = { "place" }

-- Place kinds worth a label, with their rank (1 is the most important) and first zoom.
local PLACES = {
  city = { 1, 8 }, town = { 2, 10 }, village = { 3, 11 }, suburb = { 3, 12 },
  hamlet = { 4, 13 }, quarter = { 4, 13 }, neighbourhood = { 5, 14 }, locality = { 5, 14 },
  islet = { 5, 14 },
}

-- Street kinds by class, with their first zoom (of data tiles).
local ROADS = {
  motorway = { "major", 8 }, trunk = { "major", 8 }, primary = { "major", 10 },
  secondary = { "major", 10 }, motorway_link = { "major", 11 }, trunk_link = { "major", 11 },
  primary_link = { "major", 11 }, secondary_link = { "major", 11 },
  tertiary = { "minor", 11 }, tertiary_link = { "minor", 12 }, residential = { "minor", 12 },
  unclassified = { "minor", 12 }, living_street = { "minor", 12 }, road = { "minor", 12 },
  service = { "service", 13 }, pedestrian = { "path", 12 }, footway = { "path", 13 },
  steps = { "path", 13 }, path = { "path", 13 }, cycleway = { "path", 13 },
  track = { "path", 13 }, bridleway = { "path", 13 },
}

-- Land cover kinds by class.
local LANDUSE = {
  park = "park", garden = "park", nature_reserve = "park", golf_course = "park",
  common = "park", dog_park = "park", playground = "park", recreation_ground = "grass",
  forest = "wood", wood = "wood", scrub = "wood", heath = "wood",
  grass = "grass", grassland = "grass", meadow = "grass", village_green = "grass",
  beach = "sand", sand = "sand", cemetery = "cemetery", grave_yard = "cemetery",
  pitch = "pitch", stadium = "pitch", sports_centre = "pitch", track = "pitch",
}

local WATERWAYS = { river = 10, canal = 11, stream = 13, drain = 14, ditch = 14 }

function init_function()
end

function exit_function()
end

function node_function(node)
  local place = PLACES[node:Find("place")]
  local name = node:Find("name")
  if place and name ~= "" then
    node:Layer("places", false)
    node:Attribute("class", node:Find("place"))
    node:AttributeNumeric("rank", place[1])
    node:Attribute("name", name)
    node:MinZoom(place[2])
  end
end

local function landuse_class(way)
  return LANDUSE[way:Find("leisure")] or LANDUSE[way:Find("landuse")]
    or LANDUSE[way:Find("natural")] or LANDUSE[way:Find("amenity")]
end

local function is_water(way)
  local natural, landuse = way:Find("natural"), way:Find("landuse")
  return natural == "water" or natural == "bay" or landuse == "reservoir"
    or landuse == "basin" or way:Find("waterway") == "riverbank"
    or way:Find("waterway") == "dock" or way:Find("leisure") == "marina"
end

function way_function(way)
  local closed = way:IsClosed()
  if way:Find("maraude:sea") == "yes" then
    way:Layer("water", true)
    way:Attribute("class", "sea")
    return
  end
  if way:Find("maraude:earth") == "yes" then
    way:Layer("earth", true)
    return
  end
  if way:Find("natural") == "coastline" then
    way:Layer("coastline", false)
  end
  local highway = way:Find("highway")
  local road = ROADS[highway]
  if road and way:Find("area") ~= "yes" then
    way:Layer("roads", false)
    way:Attribute("class", road[1])
    way:MinZoom(road[2])
    local name = way:Find("name")
    if name ~= "" then way:Attribute("name", name) end
    local layer = tonumber(way:Find("layer")) or 0
    way:ZOrder(layer)
    return
  end
  local waterway = WATERWAYS[way:Find("waterway")]
  if waterway and not closed then
    way:Layer("waterway", false)
    way:Attribute("class", way:Find("waterway"))
    way:MinZoom(waterway)
    return
  end
  if closed and is_water(way) then
    way:Layer("water", true)
    way:Attribute("class", "water")
    return
  end
  local landuse = closed and landuse_class(way)
  if landuse then
    way:Layer("landuse", true)
    way:Attribute("class", landuse)
  end
end
