//! A wasm file cut into parts that cover every byte a page loads: each function body with its
//! name from the name section, the import, export and data sections, and the rest of the
//! module's structure. Custom sections (the name section among them) are left out: the packages
//! ship without them, so what remains is the shipped wasm byte for byte.

use std::ops::Range;

use wasmparser::{KnownCustom, Name, Parser, Payload, TypeRef};

/// What a run of bytes is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    /// A function body (with its size prefix), and the function's name if it has one.
    Body(Option<String>),
    Imports,
    Exports,
    Data,
    /// Section headers and the small sections: types, functions, table, memory, globals,
    /// elements.
    Structure,
}

/// The parts of `wasm` in file order, each with its byte range; together they are the file
/// less its custom sections.
pub fn parts(wasm: &[u8]) -> Result<Vec<(Part, Range<usize>)>, String> {
    let err = |e: wasmparser::BinaryReaderError| format!("wasm: {e}");
    let mut sections = Vec::new();
    let mut bodies = Vec::new();
    let mut names = std::collections::HashMap::new();
    let (mut end, mut imported) = (0, 0);
    for payload in Parser::new(0).parse_all(wasm) {
        let payload = payload.map_err(err)?;
        match &payload {
            Payload::Version { range, .. } => {
                end = range.end as usize;
                sections.push((Part::Structure, 0..end));
            }
            Payload::ImportSection(imports) => {
                for import in imports.clone().into_imports() {
                    let ty = import.map_err(err)?.ty;
                    imported += matches!(ty, TypeRef::Func(_) | TypeRef::FuncExact(_)) as u32;
                }
            }
            Payload::CodeSectionEntry(body) => {
                let range = body.range();
                let len = range.end - range.start;
                bodies.push((range.start - leb_len(len)) as usize..range.end as usize);
            }
            Payload::CustomSection(custom) => {
                if let KnownCustom::Name(reader) = custom.as_known() {
                    for name in reader {
                        if let Name::Function(map) = name.map_err(err)? {
                            for naming in map {
                                let naming = naming.map_err(err)?;
                                names.insert(naming.index, naming.name.to_owned());
                            }
                        }
                    }
                }
            }
            _ => {}
        }
        // A section's header (its id and size) comes right before its contents.
        let Some((id, range)) = payload.as_section() else {
            continue;
        };
        let whole = end..range.end as usize;
        end = whole.end;
        let part = match id {
            0 => continue, // custom: not shipped
            2 => Part::Imports,
            7 => Part::Exports,
            11 => Part::Data,
            _ => Part::Structure,
        };
        sections.push((part, whole));
    }
    // The code section's own bytes (header, count) are structure; its bodies are split out.
    let mut out = Vec::new();
    let mut bodies = bodies.into_iter().enumerate().peekable();
    for (part, range) in sections {
        let mut at = range.start;
        while let Some((i, body)) = bodies.next_if(|(_, b)| b.end <= range.end) {
            if at < body.start {
                out.push((Part::Structure, at..body.start));
            }
            let name = names.get(&(imported + i as u32)).cloned();
            at = body.end;
            out.push((Part::Body(name), body));
        }
        if at < range.end {
            out.push((part, at..range.end));
        }
    }
    Ok(out)
}

/// Bytes of `n` as an unsigned LEB128, as a body's size is written before it.
fn leb_len(mut n: u64) -> u64 {
    let mut len = 1;
    while n >= 0x80 {
        n >>= 7;
        len += 1;
    }
    len
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_byte_is_in_one_part_and_names_count_the_imports() {
        #[rustfmt::skip]
        let sections: [&[u8]; 8] = [
            b"\0asm\x01\0\0\0",
            &[1, 4, 1, 0x60, 0, 0],                         // types: () -> ()
            &[2, 7, 1, 1, b'm', 1, b'f', 0, 0],             // imports: function m.f
            &[3, 2, 1, 0],                                  // functions: one, of type 0
            &[7, 5, 1, 1, b'g', 0, 1],                      // exports: g, function 1
            &[10, 4, 1, 2, 0, 0x0b],                        // code: one empty body
            // names: function 1 is "g"; not shipped
            &[0, 11, 4, b'n', b'a', b'm', b'e', 1, 4, 1, 1, 1, b'g'],
            &[11, 8, 1, 0, 0x41, 0, 0x0b, 2, b'h', b'i'],   // data: "hi" at 0
        ];
        let wasm = sections.concat();
        let parts = parts(&wasm).unwrap();
        let shipped: Vec<u8> = parts
            .iter()
            .flat_map(|(_, r)| wasm[r.clone()].to_vec())
            .collect();
        let mut expected = sections.to_vec();
        expected.remove(6);
        assert_eq!(shipped, expected.concat());
        let kinds: Vec<&Part> = parts.iter().map(|(p, _)| p).collect();
        let g = Part::Body(Some("g".into()));
        use Part::*;
        assert_eq!(
            kinds,
            [
                &Structure, &Structure, &Imports, &Structure, &Exports, &Structure, &g, &Data
            ]
        );
        // The body with its size prefix.
        let body = &parts[6].1;
        assert_eq!(&wasm[body.clone()], &[2, 0, 0x0b]);
    }
}
