//! Reading the basemap's binary geometry files (`assets/basemap/*.bin`).
//!
//! The format is deliberately plain, so that the build scripts stay short and a corrupt file
//! is caught by length checks: an 8-byte magic `AMBM1\0\0\0`, a layer count, and per layer
//! a kind byte (0 land, 1 coastlines, 2 borders, 3 rivers, 4 lakes, 5 boundaries of states
//! and provinces), then features (a name and rings), each ring with its bounding box and
//! its points as `f32` longitude and latitude pairs, all little-endian.

use std::path::Path;

use super::BasemapError;

/// What a layer holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LayerKind {
    /// Land polygons, one feature per country, filled with the even-odd rule.
    Land,
    /// Coastlines, as polylines.
    Coast,
    /// Land borders between countries, as polylines.
    Border,
    /// Rivers, as polylines.
    River,
    /// Lakes, as polygons drawn in the sea's colour over the land.
    Lake,
    /// Boundaries between states and provinces, as polylines.
    State,
}

/// A ring or a polyline, with its bounding box.
#[derive(Clone, Debug, PartialEq)]
pub struct Ring {
    /// `[min_lon, min_lat, max_lon, max_lat]`.
    pub bbox: [f32; 4],
    /// Points as `[lon, lat]`.
    pub points: Vec<[f32; 2]>,
}

/// A named set of rings: a country's land, or all the coastlines.
#[derive(Clone, Debug, PartialEq)]
pub struct Feature {
    /// The country's name, or empty.
    pub name: String,
    /// `[min_lon, min_lat, max_lon, max_lat]` over all rings.
    pub bbox: [f32; 4],
    /// The rings.
    pub rings: Vec<Ring>,
}

/// The layers of one file.
#[derive(Clone, Debug, Default)]
pub struct Layers {
    /// Land polygons.
    pub land: Vec<Feature>,
    /// Coastlines.
    pub coast: Vec<Feature>,
    /// Borders.
    pub borders: Vec<Feature>,
    /// Rivers.
    pub rivers: Vec<Feature>,
    /// Lakes (where the land has no holes for them).
    pub lakes: Vec<Feature>,
    /// Boundaries between states and provinces.
    pub states: Vec<Feature>,
}

const MAGIC: &[u8; 8] = b"AMBM1\0\0\0";

/// Reads a geometry file.
pub fn read_layers(path: &Path) -> Result<Layers, BasemapError> {
    let bytes = std::fs::read(path).map_err(|source| BasemapError::Io {
        path: path.to_owned(),
        source,
    })?;
    parse_layers(&bytes).map_err(|what| BasemapError::Corrupt {
        path: path.to_owned(),
        what,
    })
}

/// Parses a geometry file's bytes; the error says what was wrong.
pub fn parse_layers(bytes: &[u8]) -> Result<Layers, String> {
    let mut reader = Reader { bytes, at: 0 };
    if reader.take(8)? != MAGIC {
        return Err("not an Article Map basemap file (wrong magic bytes)".into());
    }
    let mut layers = Layers::default();
    let layer_count = reader.u32()?;
    for _ in 0..layer_count {
        let kind = match reader.u8()? {
            0 => LayerKind::Land,
            1 => LayerKind::Coast,
            2 => LayerKind::Border,
            3 => LayerKind::River,
            4 => LayerKind::Lake,
            5 => LayerKind::State,
            other => return Err(format!("unknown layer kind {other}")),
        };
        let feature_count = reader.u32()?;
        let mut features = Vec::with_capacity(feature_count.min(100_000) as usize);
        for _ in 0..feature_count {
            features.push(reader.feature()?);
        }
        match kind {
            LayerKind::Land => layers.land.extend(features),
            LayerKind::Coast => layers.coast.extend(features),
            LayerKind::Border => layers.borders.extend(features),
            LayerKind::River => layers.rivers.extend(features),
            LayerKind::Lake => layers.lakes.extend(features),
            LayerKind::State => layers.states.extend(features),
        }
    }
    if reader.at != bytes.len() {
        return Err(format!(
            "{} bytes of trailing data",
            bytes.len() - reader.at
        ));
    }
    Ok(layers)
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        let end = self
            .at
            .checked_add(n)
            .filter(|&end| end <= self.bytes.len())
            .ok_or_else(|| format!("truncated at byte {}", self.at))?;
        let slice = &self.bytes[self.at..end];
        self.at = end;
        Ok(slice)
    }

    fn u8(&mut self) -> Result<u8, String> {
        Ok(self.take(1)?[0])
    }

    fn u16(&mut self) -> Result<u16, String> {
        let b = self.take(2)?;
        Ok(u16::from_le_bytes([b[0], b[1]]))
    }

    fn u32(&mut self) -> Result<u32, String> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn f32(&mut self) -> Result<f32, String> {
        let b = self.take(4)?;
        let value = f32::from_le_bytes([b[0], b[1], b[2], b[3]]);
        if value.is_finite() {
            Ok(value)
        } else {
            Err(format!(
                "a coordinate is not a number at byte {}",
                self.at - 4
            ))
        }
    }

    fn feature(&mut self) -> Result<Feature, String> {
        let name_len = self.u16()? as usize;
        let name = String::from_utf8(self.take(name_len)?.to_vec())
            .map_err(|_| format!("a feature name is not UTF-8 at byte {}", self.at))?;
        let ring_count = self.u32()?;
        let mut rings = Vec::with_capacity(ring_count.min(100_000) as usize);
        let mut bbox = [f32::MAX, f32::MAX, f32::MIN, f32::MIN];
        for _ in 0..ring_count {
            let point_count = self.u32()? as usize;
            let ring_bbox = [self.f32()?, self.f32()?, self.f32()?, self.f32()?];
            if point_count.saturating_mul(8) > self.bytes.len() - self.at {
                return Err(format!("truncated ring at byte {}", self.at));
            }
            let mut points = Vec::with_capacity(point_count);
            for _ in 0..point_count {
                points.push([self.f32()?, self.f32()?]);
            }
            bbox = [
                bbox[0].min(ring_bbox[0]),
                bbox[1].min(ring_bbox[1]),
                bbox[2].max(ring_bbox[2]),
                bbox[3].max(ring_bbox[3]),
            ];
            rings.push(Ring {
                bbox: ring_bbox,
                points,
            });
        }
        Ok(Feature { name, bbox, rings })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one_square() -> Vec<u8> {
        let mut b = MAGIC.to_vec();
        b.extend(1u32.to_le_bytes());
        b.push(0);
        b.extend(1u32.to_le_bytes());
        b.extend(2u16.to_le_bytes());
        b.extend(b"XX");
        b.extend(1u32.to_le_bytes());
        b.extend(4u32.to_le_bytes());
        for v in [
            0.0f32, 0.0, 1.0, 1.0, 0.0, 0.0, 1.0, 0.0, 1.0, 1.0, 0.0, 1.0,
        ] {
            b.extend(v.to_le_bytes());
        }
        b
    }

    #[test]
    fn a_well_formed_file_reads_back() {
        let layers = parse_layers(&one_square()).unwrap();
        assert_eq!(layers.land.len(), 1);
        assert_eq!(layers.land[0].name, "XX");
        assert_eq!(layers.land[0].rings[0].points.len(), 4);
    }

    #[test]
    fn river_lake_and_state_layers_read_as_such() {
        let mut bytes = one_square();
        bytes[12] = 3; // the layer's kind
        let layers = parse_layers(&bytes).unwrap();
        assert!(layers.land.is_empty());
        assert_eq!(layers.rivers.len(), 1);
        assert_eq!(layers.rivers[0].rings[0].points.len(), 4);
        bytes[12] = 4;
        assert_eq!(parse_layers(&bytes).unwrap().lakes.len(), 1);
        bytes[12] = 5;
        assert_eq!(parse_layers(&bytes).unwrap().states.len(), 1);
        bytes[12] = 6;
        assert!(parse_layers(&bytes).unwrap_err().contains("kind 6"));
    }

    #[test]
    fn truncated_or_foreign_bytes_are_refused_with_a_reason() {
        let bytes = one_square();
        let err = parse_layers(&bytes[..bytes.len() - 3]).unwrap_err();
        assert!(err.contains("truncated"), "{err}");
        let err = parse_layers(b"PNG\r\n\x1a\n\0\0\0\0").unwrap_err();
        assert!(err.contains("magic"), "{err}");
        assert!(parse_layers(&[]).is_err());
    }
}
