// Written by kgraph 0.1.0: the same graph with LOAD CSV, for a running Neo4j 5.
// Copy entities.csv and relations.csv into Neo4j's import folder, then run
// this file (cypher-shell -f load.cypher).  A relationship type cannot be a
// parameter: one statement per type.
CREATE CONSTRAINT kgraph_entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE;
LOAD CSV WITH HEADERS FROM 'file:///entities.csv' AS row
CREATE (n:Entity {id: row.`id:ID`, name: row.name})
SET n.aliases = CASE row.`aliases:string[]` WHEN '' THEN null ELSE split(row.`aliases:string[]`, ';') END
SET n.`country` = (row.`country`), n.`description` = (row.`description`), n.`mentioned_as` = (row.`mentioned_as`);
LOAD CSV WITH HEADERS FROM 'file:///entities.csv' AS row
WITH row WHERE row.`:LABEL` = 'person'
MATCH (n:Entity {id: row.`id:ID`}) SET n:`person`;
LOAD CSV WITH HEADERS FROM 'file:///entities.csv' AS row
WITH row WHERE row.`:LABEL` = 'organization'
MATCH (n:Entity {id: row.`id:ID`}) SET n:`organization`;
LOAD CSV WITH HEADERS FROM 'file:///entities.csv' AS row
WITH row WHERE row.`:LABEL` = 'agency'
MATCH (n:Entity {id: row.`id:ID`}) SET n:`agency`;
LOAD CSV WITH HEADERS FROM 'file:///entities.csv' AS row
WITH row WHERE row.`:LABEL` = 'group'
MATCH (n:Entity {id: row.`id:ID`}) SET n:`group`;
LOAD CSV WITH HEADERS FROM 'file:///entities.csv' AS row
WITH row WHERE row.`:LABEL` = 'country'
MATCH (n:Entity {id: row.`id:ID`}) SET n:`country`;
LOAD CSV WITH HEADERS FROM 'file:///entities.csv' AS row
WITH row WHERE row.`:LABEL` = 'region'
MATCH (n:Entity {id: row.`id:ID`}) SET n:`region`;
LOAD CSV WITH HEADERS FROM 'file:///entities.csv' AS row
WITH row WHERE row.`:LABEL` = 'location'
MATCH (n:Entity {id: row.`id:ID`}) SET n:`location`;
LOAD CSV WITH HEADERS FROM 'file:///entities.csv' AS row
WITH row WHERE row.`:LABEL` = 'city'
MATCH (n:Entity {id: row.`id:ID`}) SET n:`city`;
LOAD CSV WITH HEADERS FROM 'file:///entities.csv' AS row
WITH row WHERE row.`:LABEL` = 'venue'
MATCH (n:Entity {id: row.`id:ID`}) SET n:`venue`;
LOAD CSV WITH HEADERS FROM 'file:///entities.csv' AS row
WITH row WHERE row.`:LABEL` = 'event'
MATCH (n:Entity {id: row.`id:ID`}) SET n:`event`;
LOAD CSV WITH HEADERS FROM 'file:///entities.csv' AS row
WITH row WHERE row.`:LABEL` = 'operation'
MATCH (n:Entity {id: row.`id:ID`}) SET n:`operation`;
LOAD CSV WITH HEADERS FROM 'file:///entities.csv' AS row
WITH row WHERE row.`:LABEL` = 'agreement'
MATCH (n:Entity {id: row.`id:ID`}) SET n:`agreement`;
LOAD CSV WITH HEADERS FROM 'file:///entities.csv' AS row
WITH row WHERE row.`:LABEL` = 'publication'
MATCH (n:Entity {id: row.`id:ID`}) SET n:`publication`;
LOAD CSV WITH HEADERS FROM 'file:///entities.csv' AS row
WITH row WHERE row.`:LABEL` = 'document'
MATCH (n:Entity {id: row.`id:ID`}) SET n:`document`;
LOAD CSV WITH HEADERS FROM 'file:///entities.csv' AS row
WITH row WHERE row.`:LABEL` = 'database'
MATCH (n:Entity {id: row.`id:ID`}) SET n:`database`;
LOAD CSV WITH HEADERS FROM 'file:///entities.csv' AS row
WITH row WHERE row.`:LABEL` = 'threat'
MATCH (n:Entity {id: row.`id:ID`}) SET n:`threat`;
LOAD CSV WITH HEADERS FROM 'file:///entities.csv' AS row
WITH row WHERE row.`:LABEL` = 'suspects'
MATCH (n:Entity {id: row.`id:ID`}) SET n:`suspects`;
LOAD CSV WITH HEADERS FROM 'file:///relations.csv' AS row
WITH row WHERE row.`:TYPE` = 'secretary_general_of'
MATCH (a:Entity {id: row.`:START_ID`}), (b:Entity {id: row.`:END_ID`})
CREATE (a)-[r:`secretary_general_of`]->(b)
SET r.`evidence` = (row.`evidence`), r.`confidence` = (row.`confidence`), r.`citation` = (row.`citation`), r.`date` = (row.`date`);
LOAD CSV WITH HEADERS FROM 'file:///relations.csv' AS row
WITH row WHERE row.`:TYPE` = 'part_of'
MATCH (a:Entity {id: row.`:START_ID`}), (b:Entity {id: row.`:END_ID`})
CREATE (a)-[r:`part_of`]->(b)
SET r.`evidence` = (row.`evidence`), r.`confidence` = (row.`confidence`), r.`citation` = (row.`citation`), r.`date` = (row.`date`);
LOAD CSV WITH HEADERS FROM 'file:///relations.csv' AS row
WITH row WHERE row.`:TYPE` = 'located_in'
MATCH (a:Entity {id: row.`:START_ID`}), (b:Entity {id: row.`:END_ID`})
CREATE (a)-[r:`located_in`]->(b)
SET r.`evidence` = (row.`evidence`), r.`confidence` = (row.`confidence`), r.`citation` = (row.`citation`), r.`date` = (row.`date`);
LOAD CSV WITH HEADERS FROM 'file:///relations.csv' AS row
WITH row WHERE row.`:TYPE` = 'heads'
MATCH (a:Entity {id: row.`:START_ID`}), (b:Entity {id: row.`:END_ID`})
CREATE (a)-[r:`heads`]->(b)
SET r.`evidence` = (row.`evidence`), r.`confidence` = (row.`confidence`), r.`citation` = (row.`citation`), r.`date` = (row.`date`);
LOAD CSV WITH HEADERS FROM 'file:///relations.csv' AS row
WITH row WHERE row.`:TYPE` = 'agency_of'
MATCH (a:Entity {id: row.`:START_ID`}), (b:Entity {id: row.`:END_ID`})
CREATE (a)-[r:`agency_of`]->(b)
SET r.`evidence` = (row.`evidence`), r.`confidence` = (row.`confidence`), r.`citation` = (row.`citation`), r.`date` = (row.`date`);
LOAD CSV WITH HEADERS FROM 'file:///relations.csv' AS row
WITH row WHERE row.`:TYPE` = 'based_in'
MATCH (a:Entity {id: row.`:START_ID`}), (b:Entity {id: row.`:END_ID`})
CREATE (a)-[r:`based_in`]->(b)
SET r.`evidence` = (row.`evidence`), r.`confidence` = (row.`confidence`), r.`citation` = (row.`citation`), r.`date` = (row.`date`);
LOAD CSV WITH HEADERS FROM 'file:///relations.csv' AS row
WITH row WHERE row.`:TYPE` = 'hosted'
MATCH (a:Entity {id: row.`:START_ID`}), (b:Entity {id: row.`:END_ID`})
CREATE (a)-[r:`hosted`]->(b)
SET r.`evidence` = (row.`evidence`), r.`confidence` = (row.`confidence`), r.`citation` = (row.`citation`), r.`date` = (row.`date`);
LOAD CSV WITH HEADERS FROM 'file:///relations.csv' AS row
WITH row WHERE row.`:TYPE` = 'held_in'
MATCH (a:Entity {id: row.`:START_ID`}), (b:Entity {id: row.`:END_ID`})
CREATE (a)-[r:`held_in`]->(b)
SET r.`evidence` = (row.`evidence`), r.`confidence` = (row.`confidence`), r.`citation` = (row.`citation`), r.`date` = (row.`date`);
LOAD CSV WITH HEADERS FROM 'file:///relations.csv' AS row
WITH row WHERE row.`:TYPE` = 'brings_together'
MATCH (a:Entity {id: row.`:START_ID`}), (b:Entity {id: row.`:END_ID`})
CREATE (a)-[r:`brings_together`]->(b)
SET r.`evidence` = (row.`evidence`), r.`confidence` = (row.`confidence`), r.`citation` = (row.`citation`), r.`date` = (row.`date`);
LOAD CSV WITH HEADERS FROM 'file:///relations.csv' AS row
WITH row WHERE row.`:TYPE` = 'attended'
MATCH (a:Entity {id: row.`:START_ID`}), (b:Entity {id: row.`:END_ID`})
CREATE (a)-[r:`attended`]->(b)
SET r.`evidence` = (row.`evidence`), r.`confidence` = (row.`confidence`), r.`citation` = (row.`citation`), r.`date` = (row.`date`);
LOAD CSV WITH HEADERS FROM 'file:///relations.csv' AS row
WITH row WHERE row.`:TYPE` = 'photographed_at'
MATCH (a:Entity {id: row.`:START_ID`}), (b:Entity {id: row.`:END_ID`})
CREATE (a)-[r:`photographed_at`]->(b)
SET r.`evidence` = (row.`evidence`), r.`confidence` = (row.`confidence`), r.`citation` = (row.`citation`), r.`date` = (row.`date`);
LOAD CSV WITH HEADERS FROM 'file:///relations.csv' AS row
WITH row WHERE row.`:TYPE` = 'spoke_at'
MATCH (a:Entity {id: row.`:START_ID`}), (b:Entity {id: row.`:END_ID`})
CREATE (a)-[r:`spoke_at`]->(b)
SET r.`evidence` = (row.`evidence`), r.`confidence` = (row.`confidence`), r.`citation` = (row.`citation`), r.`date` = (row.`date`);
LOAD CSV WITH HEADERS FROM 'file:///relations.csv' AS row
WITH row WHERE row.`:TYPE` = 'addressed'
MATCH (a:Entity {id: row.`:START_ID`}), (b:Entity {id: row.`:END_ID`})
CREATE (a)-[r:`addressed`]->(b)
SET r.`evidence` = (row.`evidence`), r.`confidence` = (row.`confidence`), r.`citation` = (row.`citation`), r.`date` = (row.`date`);
LOAD CSV WITH HEADERS FROM 'file:///relations.csv' AS row
WITH row WHERE row.`:TYPE` = 'took_part_in'
MATCH (a:Entity {id: row.`:START_ID`}), (b:Entity {id: row.`:END_ID`})
CREATE (a)-[r:`took_part_in`]->(b)
SET r.`evidence` = (row.`evidence`), r.`confidence` = (row.`confidence`), r.`citation` = (row.`citation`), r.`date` = (row.`date`);
LOAD CSV WITH HEADERS FROM 'file:///relations.csv' AS row
WITH row WHERE row.`:TYPE` = 'held_during'
MATCH (a:Entity {id: row.`:START_ID`}), (b:Entity {id: row.`:END_ID`})
CREATE (a)-[r:`held_during`]->(b)
SET r.`evidence` = (row.`evidence`), r.`confidence` = (row.`confidence`), r.`citation` = (row.`citation`), r.`date` = (row.`date`);
LOAD CSV WITH HEADERS FROM 'file:///relations.csv' AS row
WITH row WHERE row.`:TYPE` = 'cooperates_with'
MATCH (a:Entity {id: row.`:START_ID`}), (b:Entity {id: row.`:END_ID`})
CREATE (a)-[r:`cooperates_with`]->(b)
SET r.`evidence` = (row.`evidence`), r.`confidence` = (row.`confidence`), r.`citation` = (row.`citation`), r.`date` = (row.`date`);
LOAD CSV WITH HEADERS FROM 'file:///relations.csv' AS row
WITH row WHERE row.`:TYPE` = 'fights'
MATCH (a:Entity {id: row.`:START_ID`}), (b:Entity {id: row.`:END_ID`})
CREATE (a)-[r:`fights`]->(b)
SET r.`evidence` = (row.`evidence`), r.`confidence` = (row.`confidence`), r.`citation` = (row.`citation`), r.`date` = (row.`date`);
LOAD CSV WITH HEADERS FROM 'file:///relations.csv' AS row
WITH row WHERE row.`:TYPE` = 'trains'
MATCH (a:Entity {id: row.`:START_ID`}), (b:Entity {id: row.`:END_ID`})
CREATE (a)-[r:`trains`]->(b)
SET r.`evidence` = (row.`evidence`), r.`confidence` = (row.`confidence`), r.`citation` = (row.`citation`), r.`date` = (row.`date`);
LOAD CSV WITH HEADERS FROM 'file:///relations.csv' AS row
WITH row WHERE row.`:TYPE` = 'supports'
MATCH (a:Entity {id: row.`:START_ID`}), (b:Entity {id: row.`:END_ID`})
CREATE (a)-[r:`supports`]->(b)
SET r.`evidence` = (row.`evidence`), r.`confidence` = (row.`confidence`), r.`citation` = (row.`citation`), r.`date` = (row.`date`);
LOAD CSV WITH HEADERS FROM 'file:///relations.csv' AS row
WITH row WHERE row.`:TYPE` = 'supports_intelligence_of'
MATCH (a:Entity {id: row.`:START_ID`}), (b:Entity {id: row.`:END_ID`})
CREATE (a)-[r:`supports_intelligence_of`]->(b)
SET r.`evidence` = (row.`evidence`), r.`confidence` = (row.`confidence`), r.`citation` = (row.`citation`), r.`date` = (row.`date`);
LOAD CSV WITH HEADERS FROM 'file:///relations.csv' AS row
WITH row WHERE row.`:TYPE` = 'monitors'
MATCH (a:Entity {id: row.`:START_ID`}), (b:Entity {id: row.`:END_ID`})
CREATE (a)-[r:`monitors`]->(b)
SET r.`evidence` = (row.`evidence`), r.`confidence` = (row.`confidence`), r.`citation` = (row.`citation`), r.`date` = (row.`date`);
LOAD CSV WITH HEADERS FROM 'file:///relations.csv' AS row
WITH row WHERE row.`:TYPE` = 'member_of'
MATCH (a:Entity {id: row.`:START_ID`}), (b:Entity {id: row.`:END_ID`})
CREATE (a)-[r:`member_of`]->(b)
SET r.`evidence` = (row.`evidence`), r.`confidence` = (row.`confidence`), r.`citation` = (row.`citation`), r.`date` = (row.`date`);
LOAD CSV WITH HEADERS FROM 'file:///relations.csv' AS row
WITH row WHERE row.`:TYPE` = 'form_of'
MATCH (a:Entity {id: row.`:START_ID`}), (b:Entity {id: row.`:END_ID`})
CREATE (a)-[r:`form_of`]->(b)
SET r.`evidence` = (row.`evidence`), r.`confidence` = (row.`confidence`), r.`citation` = (row.`citation`), r.`date` = (row.`date`);
LOAD CSV WITH HEADERS FROM 'file:///relations.csv' AS row
WITH row WHERE row.`:TYPE` = 'vulnerable_to'
MATCH (a:Entity {id: row.`:START_ID`}), (b:Entity {id: row.`:END_ID`})
CREATE (a)-[r:`vulnerable_to`]->(b)
SET r.`evidence` = (row.`evidence`), r.`confidence` = (row.`confidence`), r.`citation` = (row.`citation`), r.`date` = (row.`date`);
LOAD CSV WITH HEADERS FROM 'file:///relations.csv' AS row
WITH row WHERE row.`:TYPE` = 'published'
MATCH (a:Entity {id: row.`:START_ID`}), (b:Entity {id: row.`:END_ID`})
CREATE (a)-[r:`published`]->(b)
SET r.`evidence` = (row.`evidence`), r.`confidence` = (row.`confidence`), r.`citation` = (row.`citation`), r.`date` = (row.`date`);
LOAD CSV WITH HEADERS FROM 'file:///relations.csv' AS row
WITH row WHERE row.`:TYPE` = 'assesses'
MATCH (a:Entity {id: row.`:START_ID`}), (b:Entity {id: row.`:END_ID`})
CREATE (a)-[r:`assesses`]->(b)
SET r.`evidence` = (row.`evidence`), r.`confidence` = (row.`confidence`), r.`citation` = (row.`citation`), r.`date` = (row.`date`);
LOAD CSV WITH HEADERS FROM 'file:///relations.csv' AS row
WITH row WHERE row.`:TYPE` = 'recommends'
MATCH (a:Entity {id: row.`:START_ID`}), (b:Entity {id: row.`:END_ID`})
CREATE (a)-[r:`recommends`]->(b)
SET r.`evidence` = (row.`evidence`), r.`confidence` = (row.`confidence`), r.`citation` = (row.`citation`), r.`date` = (row.`date`);
LOAD CSV WITH HEADERS FROM 'file:///relations.csv' AS row
WITH row WHERE row.`:TYPE` = 'signed'
MATCH (a:Entity {id: row.`:START_ID`}), (b:Entity {id: row.`:END_ID`})
CREATE (a)-[r:`signed`]->(b)
SET r.`evidence` = (row.`evidence`), r.`confidence` = (row.`confidence`), r.`citation` = (row.`citation`), r.`date` = (row.`date`);
LOAD CSV WITH HEADERS FROM 'file:///relations.csv' AS row
WITH row WHERE row.`:TYPE` = 'launched'
MATCH (a:Entity {id: row.`:START_ID`}), (b:Entity {id: row.`:END_ID`})
CREATE (a)-[r:`launched`]->(b)
SET r.`evidence` = (row.`evidence`), r.`confidence` = (row.`confidence`), r.`citation` = (row.`citation`), r.`date` = (row.`date`);
LOAD CSV WITH HEADERS FROM 'file:///relations.csv' AS row
WITH row WHERE row.`:TYPE` = 'praised'
MATCH (a:Entity {id: row.`:START_ID`}), (b:Entity {id: row.`:END_ID`})
CREATE (a)-[r:`praised`]->(b)
SET r.`evidence` = (row.`evidence`), r.`confidence` = (row.`confidence`), r.`citation` = (row.`citation`), r.`date` = (row.`date`);
LOAD CSV WITH HEADERS FROM 'file:///relations.csv' AS row
WITH row WHERE row.`:TYPE` = 'conducted'
MATCH (a:Entity {id: row.`:START_ID`}), (b:Entity {id: row.`:END_ID`})
CREATE (a)-[r:`conducted`]->(b)
SET r.`evidence` = (row.`evidence`), r.`confidence` = (row.`confidence`), r.`citation` = (row.`citation`), r.`date` = (row.`date`);
LOAD CSV WITH HEADERS FROM 'file:///relations.csv' AS row
WITH row WHERE row.`:TYPE` = 'dismantled'
MATCH (a:Entity {id: row.`:START_ID`}), (b:Entity {id: row.`:END_ID`})
CREATE (a)-[r:`dismantled`]->(b)
SET r.`evidence` = (row.`evidence`), r.`confidence` = (row.`confidence`), r.`citation` = (row.`citation`), r.`date` = (row.`date`);
LOAD CSV WITH HEADERS FROM 'file:///relations.csv' AS row
WITH row WHERE row.`:TYPE` = 'recognised'
MATCH (a:Entity {id: row.`:START_ID`}), (b:Entity {id: row.`:END_ID`})
CREATE (a)-[r:`recognised`]->(b)
SET r.`evidence` = (row.`evidence`), r.`confidence` = (row.`confidence`), r.`citation` = (row.`citation`), r.`date` = (row.`date`);
LOAD CSV WITH HEADERS FROM 'file:///relations.csv' AS row
WITH row WHERE row.`:TYPE` = 'seeks_information_exchange_with'
MATCH (a:Entity {id: row.`:START_ID`}), (b:Entity {id: row.`:END_ID`})
CREATE (a)-[r:`seeks_information_exchange_with`]->(b)
SET r.`evidence` = (row.`evidence`), r.`confidence` = (row.`confidence`), r.`citation` = (row.`citation`), r.`date` = (row.`date`);
LOAD CSV WITH HEADERS FROM 'file:///relations.csv' AS row
WITH row WHERE row.`:TYPE` = 'called_for'
MATCH (a:Entity {id: row.`:START_ID`}), (b:Entity {id: row.`:END_ID`})
CREATE (a)-[r:`called_for`]->(b)
SET r.`evidence` = (row.`evidence`), r.`confidence` = (row.`confidence`), r.`citation` = (row.`citation`), r.`date` = (row.`date`);
LOAD CSV WITH HEADERS FROM 'file:///relations.csv' AS row
WITH row WHERE row.`:TYPE` = 'coordinated'
MATCH (a:Entity {id: row.`:START_ID`}), (b:Entity {id: row.`:END_ID`})
CREATE (a)-[r:`coordinated`]->(b)
SET r.`evidence` = (row.`evidence`), r.`confidence` = (row.`confidence`), r.`citation` = (row.`citation`), r.`date` = (row.`date`);
LOAD CSV WITH HEADERS FROM 'file:///relations.csv' AS row
WITH row WHERE row.`:TYPE` = 'took_place_at'
MATCH (a:Entity {id: row.`:START_ID`}), (b:Entity {id: row.`:END_ID`})
CREATE (a)-[r:`took_place_at`]->(b)
SET r.`evidence` = (row.`evidence`), r.`confidence` = (row.`confidence`), r.`citation` = (row.`citation`), r.`date` = (row.`date`);
LOAD CSV WITH HEADERS FROM 'file:///relations.csv' AS row
WITH row WHERE row.`:TYPE` = 'gateway_to'
MATCH (a:Entity {id: row.`:START_ID`}), (b:Entity {id: row.`:END_ID`})
CREATE (a)-[r:`gateway_to`]->(b)
SET r.`evidence` = (row.`evidence`), r.`confidence` = (row.`confidence`), r.`citation` = (row.`citation`), r.`date` = (row.`date`);
LOAD CSV WITH HEADERS FROM 'file:///relations.csv' AS row
WITH row WHERE row.`:TYPE` = 'used_in'
MATCH (a:Entity {id: row.`:START_ID`}), (b:Entity {id: row.`:END_ID`})
CREATE (a)-[r:`used_in`]->(b)
SET r.`evidence` = (row.`evidence`), r.`confidence` = (row.`confidence`), r.`citation` = (row.`citation`), r.`date` = (row.`date`);
LOAD CSV WITH HEADERS FROM 'file:///relations.csv' AS row
WITH row WHERE row.`:TYPE` = 'detected'
MATCH (a:Entity {id: row.`:START_ID`}), (b:Entity {id: row.`:END_ID`})
CREATE (a)-[r:`detected`]->(b)
SET r.`evidence` = (row.`evidence`), r.`confidence` = (row.`confidence`), r.`citation` = (row.`citation`), r.`date` = (row.`date`);
