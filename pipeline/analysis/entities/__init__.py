"""Named-entity mentions: GiNZA NER, the gazetteer and the entity rules."""
